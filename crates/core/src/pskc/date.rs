//! `StartDate` / `ExpiryDate` values (xs:dateTime, RFC 6030 §4.3.4) as Unix seconds, so a client
//! can warn about keys outside their validity period. Pure: the caller brings the clock.

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(s: &str, n: usize) -> Option<i64> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]` (no zone: UTC), or a date alone (its midnight,
/// UTC), to Unix seconds; `None` for anything else.
pub fn unix_seconds(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let mut d = date.split('-');
    let (y, m, day) = (
        digits(d.next()?, 4)?,
        digits(d.next()?, 2)?,
        digits(d.next()?, 2)?,
    );
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = match time.find(['Z', '+', '-']) {
        None => (time, 0),
        Some(i) if &time[i..] == "Z" => (&time[..i], 0),
        Some(i) => {
            let (hh, mm) = time[i + 1..].split_once(':')?;
            let minutes = digits(hh, 2)? * 60 + digits(mm, 2)?;
            let sign = if time[i..].starts_with('-') { -1 } else { 1 };
            (&time[..i], sign * minutes * 60)
        }
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, min, s) = (
        digits(c.next()?, 2)?,
        digits(c.next()?, 2)?,
        digits(c.next()?, 2)?,
    );
    if c.next().is_some() || h > 24 || min > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, m, day) * 86_400 + h * 3600 + min * 60 + s - offset)
}

#[cfg(test)]
mod tests {
    use super::unix_seconds;

    #[test]
    fn rfc6030_dates_and_zones() {
        // `date -u -d 2006-05-31T00:00:00Z +%s` = 1149033600 (GNU date, not this code).
        assert_eq!(unix_seconds("2006-05-31T00:00:00Z"), Some(1_149_033_600));
        assert_eq!(
            unix_seconds("2006-05-31T02:00:00+02:00"),
            Some(1_149_033_600)
        );
        assert_eq!(
            unix_seconds("2006-05-30T23:00:00.5-01:00"),
            Some(1_149_033_600)
        );
        assert_eq!(unix_seconds("2006-05-31"), Some(1_149_033_600));
        assert_eq!(unix_seconds("1970-01-01T00:00:00"), Some(0));
        // `date -u -d 2000-02-29T12:34:56Z +%s` = 951827696.
        assert_eq!(unix_seconds("2000-02-29T12:34:56Z"), Some(951_827_696));
        for bad in [
            "",
            "2006-13-01",
            "06-05-31",
            "2006-05-31T25",
            "tomorrow",
            "2006-05-31T00:00:00+2",
        ] {
            assert_eq!(unix_seconds(bad), None, "{bad}");
        }
    }
}
