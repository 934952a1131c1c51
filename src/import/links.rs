//! Links made absolute, or dropped.

/// An absolute http(s) or mailto URL from `href`, resolved against `base`
/// when it is relative. `None` when it cannot be made absolute.
pub fn absolute_url(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let resolved = match url::Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base?).ok()?.join(href).ok()?
        }
        Err(_) => return None,
    };
    matches!(resolved.scheme(), "http" | "https" | "mailto").then(|| resolved.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_made_absolute_or_dropped() {
        assert_eq!(
            absolute_url("/a/b", Some("https://example.com/feed.xml")).as_deref(),
            Some("https://example.com/a/b")
        );
        assert_eq!(absolute_url("/a/b", None), None);
        assert_eq!(absolute_url("javascript:alert(1)", None), None);
    }
}
