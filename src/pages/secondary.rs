//! The pages of the second wasm bundle (compare, your spend, per call, label, methodology): the first view
//! carries only the shell and the estimator, and each of these pages is mounted by the bundle when its route
//! opens. This names them the one way both sides (the shell's loader, the bundle's mount) spell them, and
//! says what the shell shows when the bundle cannot be loaded or the page cannot be shown.

/// A page served by the second bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondaryPage {
    /// `/compare`.
    Compare,
    /// `/usage` ("Your spend").
    Usage,
    /// `/per-call`.
    PerCall,
    /// `/label`.
    Label,
    /// `/methodology`.
    Methodology,
}

impl SecondaryPage {
    /// Every page of the bundle.
    pub const ALL: [SecondaryPage; 5] = [Self::Compare, Self::Usage, Self::PerCall, Self::Label, Self::Methodology];

    /// The page's name, as its route's path segment and as the bundle's mount argument.
    pub fn name(self) -> &'static str {
        match self {
            Self::Compare => "compare",
            Self::Usage => "usage",
            Self::PerCall => "per-call",
            Self::Label => "label",
            Self::Methodology => "methodology",
        }
    }

    /// The page of a name, if it is one of the bundle's.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// What the page is, in words, for the notice shown while it loads.
    pub fn title(self) -> &'static str {
        match self {
            Self::Compare => "the comparison",
            Self::Usage => "your spend",
            Self::PerCall => "the per-call footprint",
            Self::Label => "the energy label",
            Self::Methodology => "the methodology",
        }
    }
}

/// What the shell says when the bundle cannot show the page although its code loaded.
pub const MOUNT_FAILED: &str = "This page could not be shown: reload to try again.";

/// What the shell says when the bundle's code could not be loaded, with the browser's reason if it gave one.
pub fn load_failed_message(reason: Option<&str>) -> String {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let why = reason.map_or_else(String::new, |r| format!(" ({r})"));
    format!(
        "This page's code could not be loaded{why}. If you are offline and have not opened this page before, \
         connect and open it again."
    )
}

/// The address of one of the bundle's files for the build's bundle `version` (a hex digest stamped into the
/// page): `file?v=version`, so no cache pairs the files of two builds; the bare name when the page has no
/// version, or anything but 8 to 64 hex digits (a placeholder left unstamped).
pub fn bundle_file(file: &str, version: &str) -> String {
    let stamped = (8..=64).contains(&version.len()) && version.chars().all(|c| c.is_ascii_hexdigit());
    if stamped {
        format!("{file}?v={version}")
    } else {
        file.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_files_carry_the_builds_version_and_nothing_else() {
        assert_eq!(bundle_file("secondary.js", "0a1b2c3d4e5f"), "secondary.js?v=0a1b2c3d4e5f");
        assert_eq!(bundle_file("secondary_bg.wasm", ""), "secondary_bg.wasm");
        // A placeholder left unstamped, a short or hostile value: the bare name.
        for odd in ["BUNDLE_VERSION", "\"><script>", "&x=1#", "0a1b2c3", "0a1b2c3d4e5f&v=2"] {
            assert_eq!(bundle_file("secondary.js", odd), "secondary.js", "{odd:?}");
        }
        assert_eq!(bundle_file("secondary.js", &"f".repeat(64)), format!("secondary.js?v={}", "f".repeat(64)));
        assert_eq!(bundle_file("secondary.js", &"f".repeat(65)), "secondary.js");
    }

    #[test]
    fn a_failed_load_says_why_and_what_to_do() {
        let m = load_failed_message(Some("Failed to fetch"));
        assert!(m.starts_with("This page's code could not be loaded (Failed to fetch). "), "{m}");
        assert!(m.ends_with("connect and open it again."), "{m}");
        assert_eq!(load_failed_message(Some("  ")), load_failed_message(None));
        assert!(!load_failed_message(None).contains("()"));
    }

    #[test]
    fn every_name_maps_back_to_its_page_and_names_are_distinct() {
        for page in SecondaryPage::ALL {
            assert_eq!(SecondaryPage::from_name(page.name()), Some(page));
        }
        let mut names: Vec<_> = SecondaryPage::ALL.iter().map(|p| p.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SecondaryPage::ALL.len());
    }

    #[test]
    fn unknown_names_are_no_page() {
        for name in ["", "Compare", "/compare", "estimator", "per_call", "usage "] {
            assert_eq!(SecondaryPage::from_name(name), None, "{name:?}");
        }
    }
}
