//! A compensated (Neumaier) sum of money, so that long sums of cents stay exact to far below a cent.

/// Neumaier-compensated sum, so long sums of cents stay exact to far below a cent.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExactSum {
    sum: f64,
    compensation: f64,
}

impl ExactSum {
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    pub fn value(self) -> f64 {
        self.sum + self.compensation
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)] // a failing test panics
mod tests {
    use super::*;

    #[test]
    fn compensated_sum_keeps_small_amounts() {
        let mut s = ExactSum::default();
        s.add(1e16);
        for _ in 0..10 {
            s.add(1.0);
        }
        s.add(-1e16);
        assert_eq!(s.value(), 10.0);
    }
}
