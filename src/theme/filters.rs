//! Tera filters for the display forms in `format.rs` and `model::Date`.

use std::collections::HashMap;

use tera::{Result, Tera, Value};

use crate::format;
use crate::model::Date;

pub fn register(tera: &mut Tera) {
    // A site's template override must never publish the machine's settings
    // (tokens, paths, user names): Tera's `get_env` is replaced by a refusal.
    tera.register_function("get_env", |_: &HashMap<String, Value>| -> Result<Value> {
        Err(
            "templates cannot read environment variables: a page shows only what the content says"
                .into(),
        )
    });
    tera.register_filter("month_year", |v: &Value, _: &HashMap<String, Value>| {
        date_filter(v, Date::month_year)
    });
    tera.register_filter("long_date", |v: &Value, _: &HashMap<String, Value>| {
        date_filter(v, Date::long)
    });
    tera.register_filter("phone", |v: &Value, _: &HashMap<String, Value>| {
        string_filter(v, format::phone_display)
    });
    tera.register_filter("tel", |v: &Value, _: &HashMap<String, Value>| {
        string_filter(v, format::phone_href)
    });
    tera.register_filter("pounds", |v: &Value, _: &HashMap<String, Value>| {
        number_filter(v, format::pounds)
    });
    tera.register_filter("thousands", |v: &Value, _: &HashMap<String, Value>| {
        number_filter(v, format::thousands)
    });
}

fn date_filter(value: &Value, show: fn(Date) -> String) -> Result<Value> {
    let text = value.as_str().ok_or("a date filter needs a date")?;
    let date = parse_date(text).ok_or_else(|| format!("`{text}` is not a YYYY-MM-DD date"))?;
    Ok(Value::String(show(date)))
}

fn string_filter(value: &Value, show: fn(&str) -> String) -> Result<Value> {
    let text = value.as_str().ok_or("this filter needs text")?;
    Ok(Value::String(show(text)))
}

fn number_filter(value: &Value, show: fn(u64) -> String) -> Result<Value> {
    let n = value.as_u64().ok_or("this filter needs a whole number")?;
    Ok(Value::String(show(n)))
}

pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts
        .next()?
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    let day = parts
        .next()?
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    Some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_format_dates_phones_and_money() {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ d | month_year }}|{{ d | long_date }}|{{ p | phone }}|{{ p | tel }}|{{ n | pounds }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("d", "2015-09-30");
        ctx.insert("p", "0113 3952613");
        ctx.insert("n", &496038);
        assert_eq!(
            tera.render("t", &ctx).unwrap(),
            "September 2015|30 September 2015|0113 395 2613|tel:01133952613|£496,038"
        );
    }
}
