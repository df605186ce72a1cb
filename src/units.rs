//! Typed physical quantities and money.
//!
//! Every number that crosses a module boundary carries its unit in its type: energy in kilowatt-hours,
//! global-warming potential in kgCO2eq, abiotic depletion in kgSbeq, primary energy in megajoules,
//! water in litres, durations in seconds, model sizes in billions of parameters and money in US dollars.
//! Electricity-mix factors are typed per kilowatt-hour, so `energy * factor` gives the impact's type.
//! [`Interval`] carries EcoLogits' deterministic min/max envelopes.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Sub};

use serde::{Deserialize, Serialize};

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $symbol:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl $name {
            /// The unit symbol shown beside values of this quantity.
            pub const SYMBOL: &'static str = $symbol;
            /// The raw number in this quantity's unit.
            pub fn value(self) -> f64 {
                self.0
            }
        }
        impl Add for $name {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                Self(self.0 + rhs.0)
            }
        }
        impl AddAssign for $name {
            fn add_assign(&mut self, rhs: Self) {
                self.0 += rhs.0;
            }
        }
        impl Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                Self(self.0 - rhs.0)
            }
        }
        impl Mul<f64> for $name {
            type Output = Self;
            fn mul(self, rhs: f64) -> Self {
                Self(self.0 * rhs)
            }
        }
        impl Div<f64> for $name {
            type Output = Self;
            fn div(self, rhs: f64) -> Self {
                Self(self.0 / rhs)
            }
        }
        impl Div for $name {
            type Output = f64;
            fn div(self, rhs: Self) -> f64 {
                self.0 / rhs.0
            }
        }
        impl Sum for $name {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|q| q.0).sum())
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} {}", self.0, $symbol)
            }
        }
    };
}

quantity!(
    /// Electrical energy in kilowatt-hours.
    KilowattHours, "kWh"
);
quantity!(
    /// Global-warming potential in kilograms of CO2 equivalent.
    KgCo2eq, "kgCO2eq"
);
quantity!(
    /// Abiotic depletion potential (elements) in kilograms of antimony equivalent.
    KgSbeq, "kgSbeq"
);
quantity!(
    /// Primary energy in megajoules.
    Megajoules, "MJ"
);
quantity!(
    /// Water consumption in litres.
    Litres, "L"
);
quantity!(
    /// A duration in seconds.
    Seconds, "s"
);
quantity!(
    /// A model size in billions of parameters.
    BillionParams, "B params"
);
quantity!(
    /// Money in US dollars.
    Usd, "USD"
);
quantity!(
    /// Money in a gateway's own unit (OpenGateLLM's `cost`, priced by its operator): never converted to
    /// or added to US dollars.
    GatewayCost, "gateway cost units"
);
quantity!(
    /// Carbon intensity of electricity: kgCO2eq per kWh.
    KgCo2eqPerKwh, "kgCO2eq/kWh"
);
quantity!(
    /// Abiotic depletion per kWh of electricity: kgSbeq per kWh.
    KgSbeqPerKwh, "kgSbeq/kWh"
);
quantity!(
    /// Primary energy per kWh of electricity: MJ per kWh.
    MegajoulesPerKwh, "MJ/kWh"
);
quantity!(
    /// Water intensity: litres per kWh (on-site WUE or off-site water of electricity generation).
    LitresPerKwh, "L/kWh"
);

macro_rules! per_kwh {
    ($factor:ident => $impact:ident) => {
        impl Mul<$factor> for KilowattHours {
            type Output = $impact;
            fn mul(self, rhs: $factor) -> $impact {
                $impact(self.0 * rhs.0)
            }
        }
    };
}
per_kwh!(KgCo2eqPerKwh => KgCo2eq);
per_kwh!(KgSbeqPerKwh => KgSbeq);
per_kwh!(MegajoulesPerKwh => Megajoules);
per_kwh!(LitresPerKwh => Litres);

impl KgCo2eqPerKwh {
    /// The intensity in gCO2eq per kWh, the unit pages show it in.
    pub fn grams_per_kwh(self) -> f64 {
        self.0 * 1000.0
    }
}

impl KilowattHours {
    /// Watt-hours, the unit the app shows for a single request.
    pub fn watt_hours(self) -> f64 {
        self.0 * 1000.0
    }
}

impl KgCo2eq {
    /// Grams of CO2eq, the unit the app shows for a single request.
    pub fn grams(self) -> f64 {
        self.0 * 1000.0
    }
}

impl Megajoules {
    /// Kilojoules, the unit the app shows for a single request.
    pub fn kilojoules(self) -> f64 {
        self.0 * 1000.0
    }
}

impl Litres {
    /// Millilitres, the unit the app shows for a single request.
    pub fn millilitres(self) -> f64 {
        self.0 * 1000.0
    }
}

/// A value known only within bounds: EcoLogits' deterministic envelope `[min, max]`.
///
/// A point value has `min == max`. Arithmetic follows EcoLogits: interval × interval multiplies
/// lower by lower and upper by upper (all quantities are non-negative), and sums add the ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Interval<T> {
    /// Lower end.
    pub min: T,
    /// Upper end.
    pub max: T,
}

impl<T: Copy> Interval<T> {
    /// A point value.
    pub fn point(value: T) -> Self {
        Self { min: value, max: value }
    }
    /// An interval from its ends.
    pub fn new(min: T, max: T) -> Self {
        Self { min, max }
    }
    /// Apply `f` to both ends.
    pub fn map<U>(self, f: impl Fn(T) -> U) -> Interval<U> {
        Interval { min: f(self.min), max: f(self.max) }
    }
    /// Combine two intervals end by end: `f(min, min)`, `f(max, max)`.
    pub fn zip<U: Copy, V>(self, other: Interval<U>, f: impl Fn(T, U) -> V) -> Interval<V> {
        Interval { min: f(self.min, other.min), max: f(self.max, other.max) }
    }
}

impl<T: Copy + PartialEq> Interval<T> {
    /// Whether the two ends differ.
    pub fn is_spread(&self) -> bool {
        self.min != self.max
    }
}

impl<T: Copy + Add<Output = T>> Add for Interval<T> {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        self.zip(rhs, |a, b| a + b)
    }
}

impl<T: Copy + Mul<f64, Output = T>> Mul<f64> for Interval<T> {
    type Output = Self;
    fn mul(self, rhs: f64) -> Self {
        self.map(|a| a * rhs)
    }
}

impl<T: Copy + Add<Output = T> + Default> Sum for Interval<T> {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Interval::point(T::default()), |acc, x| acc + x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn energy_times_intensity_has_the_impact_type() {
        let gwp: KgCo2eq = KilowattHours(2.0) * KgCo2eqPerKwh(0.5);
        assert_eq!(gwp, KgCo2eq(1.0));
        let water: Litres = KilowattHours(2.0) * LitresPerKwh(1.8);
        assert_eq!(water, Litres(3.6));
    }

    #[test]
    fn intervals_combine_end_by_end() {
        let a = Interval::new(KilowattHours(1.0), KilowattHours(2.0));
        let b = Interval::point(KilowattHours(0.5));
        assert_eq!(a + b, Interval::new(KilowattHours(1.5), KilowattHours(2.5)));
        assert_eq!((a * 2.0).max, KilowattHours(4.0));
        assert!(a.is_spread());
        assert!(!b.is_spread());
        let total: Interval<KilowattHours> = [a, b].into_iter().sum();
        assert_eq!(total.min, KilowattHours(1.5));
    }

    #[test]
    fn display_carries_the_unit() {
        assert_eq!(Usd(1.5).to_string(), "1.5 USD");
        assert_eq!(KilowattHours(0.25).watt_hours(), 250.0);
    }
}
