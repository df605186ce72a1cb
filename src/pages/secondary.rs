//! The pages of the second wasm bundle (compare, your spend, per call, label, methodology): the first view
//! carries only the shell and the estimator, and each of these pages is mounted by the bundle when its route
//! opens. This names them the one way both sides (the shell's loader, the bundle's mount) spell them.

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

#[cfg(test)]
mod tests {
    use super::*;

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
