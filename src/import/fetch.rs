//! Fetching a feed (or page) over http(s), with a timeout and a size cap.

use std::io::Read as _;
use std::time::Duration;

/// Bounds on reading a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// For the whole fetch: connecting, redirects and the body.
    pub timeout: Duration,
    /// The most bytes read from a file or a response.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_bytes: 32 * 1024 * 1024,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("not a valid address: {0}")]
    BadUrl(String),
    #[error("the server answered {status}{}", reason.as_deref().map_or_else(String::new, |r| format!(" {r}")))]
    Status { status: u16, reason: Option<String> },
    #[error("no answer within {} s", .0.as_secs_f64())]
    Timeout(Duration),
    #[error("the response is larger than {cap} bytes; not read")]
    TooLarge { cap: u64 },
    #[error("cannot fetch: {0}")]
    Transport(String),
}

/// A fetched body and what the server said about it.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The address the body came from, after redirects.
    pub url: String,
    pub content_type: Option<String>,
    /// The `charset` of the Content-Type, which outranks what the document
    /// itself declares.
    pub charset: Option<String>,
}

/// GETs `address`. Non-2xx answers, a body over `limits.max_bytes` (refused
/// by its Content-Length when given, and otherwise cut off while reading)
/// and anything slower than `limits.timeout` are errors. Loopback addresses
/// never go through a proxy from the environment.
pub fn fetch(address: &str, limits: &Limits) -> Result<Fetched, FetchError> {
    let parsed = url::Url::parse(address).map_err(|e| FetchError::BadUrl(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::BadUrl(format!(
            "only http and https are fetched, not {}",
            parsed.scheme()
        )));
    }
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    let mut config = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        // An https feed is not followed down to plain http.
        .https_only(parsed.scheme() == "https")
        .http_status_as_error(false)
        .user_agent(concat!(
            "gogai/",
            env!("CARGO_PKG_VERSION"),
            " (feed import)"
        ));
    if loopback {
        config = config.proxy(None);
    }
    let agent: ureq::Agent = config.build().into();
    let timeout = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => FetchError::Timeout(limits.timeout),
        other => FetchError::Transport(other.to_string()),
    };
    let response = agent
        .get(address)
        .header(
            "Accept",
            "application/rss+xml, application/atom+xml, application/feed+json, \
             application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
        )
        .call()
        .map_err(timeout)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            status: status.as_u16(),
            reason: status.canonical_reason().map(str::to_owned),
        });
    }
    let url = ureq::ResponseExt::get_uri(&response).to_string();
    let (_, mut body) = response.into_parts();
    if body.content_length().is_some_and(|n| n > limits.max_bytes) {
        return Err(FetchError::TooLarge {
            cap: limits.max_bytes,
        });
    }
    let content_type = body.mime_type().map(str::to_owned);
    let charset = body.charset().map(str::to_owned);
    let mut bytes = Vec::new();
    // ureq's own body limit is lifted; the `take` is the cap, and reading
    // one byte past it tells a body at the cap from one over it.
    body.with_config()
        .limit(u64::MAX)
        .reader()
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(&e, limits))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(FetchError::TooLarge {
            cap: limits.max_bytes,
        });
    }
    Ok(Fetched {
        bytes,
        url,
        content_type,
        charset,
    })
}

/// ureq reports a timeout while reading the body as an I/O error wrapping
/// its own.
fn read_error(e: &std::io::Error, limits: &Limits) -> FetchError {
    if e.kind() == std::io::ErrorKind::TimedOut
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<ureq::Error>())
            .is_some_and(|u| matches!(u, ureq::Error::Timeout(_)))
    {
        return FetchError::Timeout(limits.timeout);
    }
    FetchError::Transport(e.to_string())
}
