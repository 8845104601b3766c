//! Calendar dates, just enough for the corpus: month ends, day offsets, display.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The last day of a month: sources that give only a month are recorded so.
    pub fn month_end(year: u16, month: u8) -> Date {
        let day = match month {
            2 if year.is_multiple_of(4) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Date { year, month, day }
    }

    /// The end of the month `months` after this date's month.
    pub fn months_later(self, months: u32) -> Date {
        let index = u32::from(self.year) * 12 + u32::from(self.month) - 1 + months;
        Date::month_end((index / 12) as u16, (index % 12) as u8 + 1)
    }

    /// A day within this month (clamped to the month's length).
    pub fn with_day(self, day: u8) -> Date {
        let last = Date::month_end(self.year, self.month).day;
        Date {
            day: day.clamp(1, last),
            ..self
        }
    }

    pub fn month_name(self) -> &'static str {
        MONTHS[usize::from(self.month - 1)]
    }

    /// "September 2015".
    pub fn month_year(self) -> String {
        format!("{} {}", self.month_name(), self.year)
    }

    /// "30 September 2015".
    pub fn long(self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_lands_on_month_ends() {
        let jan = Date::month_end(2024, 1);
        assert_eq!(jan.to_string(), "2024-01-31");
        assert_eq!(jan.months_later(1).to_string(), "2024-02-29");
        assert_eq!(jan.months_later(12).to_string(), "2025-01-31");
        assert_eq!(jan.with_day(40).to_string(), "2024-01-31");
    }
}
