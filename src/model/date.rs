//! Dates in content: calendar days, no times of day.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (`2015-09-30`). Content never needs times of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// "January" to "December".
pub const MONTHS: [&str; 12] = [
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
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let day = match month {
            2 if leap => 29,
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

    /// "September 2015", as GOV.UK writes a month.
    pub fn month_year(self) -> String {
        format!("{} {}", self.month_name(), self.year)
    }

    /// "30 September 2015".
    pub fn long(self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }

    /// Whole months from `self` to `later` (0 if `later` is earlier).
    pub fn months_until(self, later: Date) -> u32 {
        let months = (i32::from(later.year) - i32::from(self.year)) * 12 + i32::from(later.month)
            - i32::from(self.month)
            - i32::from(later.day < self.day);
        months.max(0) as u32
    }

    /// The civil date of a Unix timestamp (days-from-civil, Howard Hinnant's algorithm).
    pub fn from_unix_seconds(seconds: i64) -> Date {
        let days = seconds.div_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML date without quotes, YYYY-MM-DD, e.g. 2015-09-30",
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::value::Datetime::deserialize(deserializer)?;
        match (value.date, value.time, value.offset) {
            (Some(date), None, None) => Ok(Date {
                year: date.year,
                month: date.month,
                day: date.day,
            }),
            _ => Err(D::Error::custom(
                "expected a date without a time, like 2015-09-30",
            )),
        }
    }
}
