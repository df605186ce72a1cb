//! The Pareto front of routed mixes on cost against CO2: the mixes no other mix beats on both.
//!
//! A mix is one share per routing tier. The candidates are every mix on a grid of shares (steps of
//! `1 / steps`, summing to 1) meeting the capable-share constraint, plus any mix the caller adds (the
//! recommended one). A mix **dominates** another when it is no worse on cost and on CO2 and better on one;
//! the front is the candidates no candidate dominates. Pure arithmetic on points: the routing plan
//! ([`super::plan`]) turns tiers into points.

/// One candidate: its shares and its yearly cost (USD) and CO2eq (kg, middle of the range).
#[derive(Clone, Debug, PartialEq)]
pub struct MixPoint {
    /// Share of each tier (sums to 1).
    pub shares: Vec<f64>,
    /// Yearly cost, USD.
    pub cost_usd: f64,
    /// Yearly CO2eq, kg (middle of the range).
    pub co2_kg: f64,
}

/// Whether `a` dominates `b`: no worse on both, better on one.
pub fn dominates(a: &MixPoint, b: &MixPoint) -> bool {
    a.cost_usd <= b.cost_usd && a.co2_kg <= b.co2_kg && (a.cost_usd < b.cost_usd || a.co2_kg < b.co2_kg)
}

/// Every way to split 1 into `tiers` shares in steps of `1 / steps` (`C(steps + tiers − 1, tiers − 1)` mixes:
/// 231 for 3 tiers in steps of 5 %). Empty for no tier or no step.
pub fn share_grid(tiers: usize, steps: u32) -> Vec<Vec<f64>> {
    fn fill(rest: u32, left: usize, steps: u32, prefix: &mut Vec<f64>, out: &mut Vec<Vec<f64>>) {
        if left == 1 {
            prefix.push(f64::from(rest) / f64::from(steps));
            out.push(prefix.clone());
            prefix.pop();
            return;
        }
        for k in 0..=rest {
            prefix.push(f64::from(k) / f64::from(steps));
            fill(rest - k, left - 1, steps, prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    if tiers > 0 && steps > 0 {
        fill(steps, tiers, steps, &mut Vec::with_capacity(tiers), &mut out);
    }
    out
}

/// The indices of the non-dominated points, ordered by cost then CO2 (points with the same cost and CO2
/// are one point on the front: the first is kept).
pub fn front(points: &[MixPoint]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        let (p, q) = (&points[a], &points[b]);
        p.cost_usd.total_cmp(&q.cost_usd).then(p.co2_kg.total_cmp(&q.co2_kg)).then(a.cmp(&b))
    });
    // Sweep by rising cost: a point is on the front when its CO2 is below every cheaper point's.
    let mut kept: Vec<usize> = Vec::new();
    let mut best_co2 = f64::INFINITY;
    for i in order {
        let p = &points[i];
        if p.co2_kg < best_co2 {
            kept.push(i);
            best_co2 = p.co2_kg;
        }
    }
    kept
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(cost: f64, co2: f64) -> MixPoint {
        MixPoint { shares: vec![], cost_usd: cost, co2_kg: co2 }
    }

    #[test]
    fn the_grid_holds_every_split_once() {
        let g = share_grid(3, 20);
        assert_eq!(g.len(), 231);
        assert!(g.iter().all(|s| s.len() == 3 && (s.iter().sum::<f64>() - 1.0).abs() < 1e-12));
        assert!(g.contains(&vec![0.7, 0.2, 0.1]));
        assert_eq!(share_grid(1, 20), vec![vec![1.0]]);
        assert!(share_grid(0, 20).is_empty() && share_grid(3, 0).is_empty());
    }

    #[test]
    fn a_small_front_by_hand() {
        // (1, 9) (2, 5) (3, 6) (4, 1) (5, 1) (2, 5): the front is (1, 9), (2, 5), (4, 1).
        let pts = [p(1.0, 9.0), p(2.0, 5.0), p(3.0, 6.0), p(4.0, 1.0), p(5.0, 1.0), p(2.0, 5.0)];
        assert_eq!(front(&pts), [0, 1, 3]);
        assert!(dominates(&pts[1], &pts[2]) && dominates(&pts[3], &pts[4]));
        assert!(!dominates(&pts[1], &pts[5]) && !dominates(&pts[0], &pts[1]));
        assert!(front(&[]).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// No point on the front is dominated by any point; every point off the front is dominated by one
        /// on it or equal to one on it.
        #[test]
        fn the_front_is_exactly_the_undominated_points(raw in proptest::collection::vec((0u8..20, 0u8..20), 0..40)) {
            let pts: Vec<MixPoint> = raw.iter().map(|(c, g)| p(f64::from(*c), f64::from(*g))).collect();
            let f = front(&pts);
            for &i in &f {
                prop_assert!(pts.iter().all(|q| !dominates(q, &pts[i])));
            }
            for (j, q) in pts.iter().enumerate().filter(|(j, _)| !f.contains(j)) {
                let covered = f.iter().any(|&i| dominates(&pts[i], q) || (pts[i].cost_usd == q.cost_usd && pts[i].co2_kg == q.co2_kg));
                prop_assert!(covered, "{j} is neither dominated nor a duplicate");
            }
        }
    }
}
