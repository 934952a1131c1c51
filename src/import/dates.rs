//! Dates as sources write them, made ISO 8601 as the article format wants.

use crate::article;

/// A date as the article format wants it (ISO 8601), from the forms sources
/// use: ISO 8601 itself, RFC 3339, RFC 2822 (`Wed, 10 Apr 2024 09:30:00
/// +0900`), and `2024-04-10 09:30:00 +0900` (Jekyll and Hugo front matter).
/// `None` for anything else.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if article::is_iso8601(s) {
        return Some(s.to_owned());
    }
    let fixed = chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(s))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z"))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M %z"))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z"))
        .ok()?;
    Some(fixed.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_iso() {
        assert_eq!(normalize_date("2024-04-10").as_deref(), Some("2024-04-10"));
        assert_eq!(
            normalize_date("Wed, 10 Apr 2024 09:30:00 +0900").as_deref(),
            Some("2024-04-10T09:30:00+09:00")
        );
        assert_eq!(
            normalize_date("2024-04-10 09:30:00 +0900").as_deref(),
            Some("2024-04-10T09:30:00+09:00")
        );
        assert_eq!(normalize_date("last Tuesday"), None);
    }
}
