//! Fetching a feed (or page) over http(s), with a timeout and a size cap,
//! and reading a body so that a large one never sits whole in memory.

use std::io::{Read, Seek as _, Write as _};
use std::path::Path;
use std::time::Duration;

/// The most bytes read of one response unless `GOGAI_FETCH_MAX_BYTES` says
/// otherwise: a guard against a body that never ends, not a judgement of
/// size. Large feeds are read item by item (see [`super::stream`]).
pub const MAX_BYTES: u64 = 1 << 30;

/// The most bytes of a source read whole into memory: what cannot be read
/// item by item (a web page, a JSON Feed, a feed in UTF-16) is refused
/// above this.
pub const WHOLE_MAX: u64 = 32 * 1024 * 1024;

/// A body up to this size is kept in memory; a larger one goes to a spool
/// file as it arrives (the same size above which local feed files are
/// streamed).
pub const SPOOL_ABOVE: u64 = super::stream::STREAM_ABOVE;

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
            max_bytes: MAX_BYTES,
        }
    }
}

impl Limits {
    /// With `GOGAI_FETCH_MAX_BYTES` (a positive number of bytes) as the
    /// cap, when it is set.
    #[must_use]
    pub fn with_env(mut self) -> Self {
        if let Some(n) = env_number("GOGAI_FETCH_MAX_BYTES") {
            self.max_bytes = n;
        }
        self
    }
}

/// A positive number from the environment; anything else is ignored.
pub(crate) fn env_number(name: &str) -> Option<u64> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n > 0)
}

/// A body as read: whole in memory, or in a file (a spool file, already
/// unlinked so nothing is left behind whatever happens, or a local feed
/// file) positioned at its start.
#[derive(Debug)]
pub enum Body {
    Bytes(Vec<u8>),
    File { file: std::fs::File, len: u64 },
}

impl Body {
    pub fn len(&self) -> u64 {
        match self {
            Self::Bytes(b) => b.len() as u64,
            Self::File { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Its first bytes (up to 4 KiB), enough to tell what it is; the file
    /// is put back at its start.
    pub fn head(&mut self) -> std::io::Result<Vec<u8>> {
        match self {
            Self::Bytes(b) => Ok(b[..b.len().min(4096)].to_vec()),
            Self::File { file, .. } => {
                let mut head = Vec::with_capacity(4096);
                Read::by_ref(file).take(4096).read_to_end(&mut head)?;
                file.rewind()?;
                Ok(head)
            }
        }
    }

    /// The whole body in memory, when it is at most `cap` bytes; `Ok(None)`
    /// when it is larger.
    pub fn into_bytes(self, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
        match self {
            Self::Bytes(b) => Ok((b.len() as u64 <= cap).then_some(b)),
            Self::File { file, len } => {
                if len > cap {
                    return Ok(None);
                }
                let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
                file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
                Ok((bytes.len() as u64 <= cap).then_some(bytes))
            }
        }
    }
}

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// More than the cap.
    TooLarge,
    /// Reading it (or writing the spool file) failed.
    Read(std::io::Error),
    /// The spool file could not be made.
    Spool(std::io::Error),
}

/// Reads `reader` to its end through `cap`: up to [`SPOOL_ABOVE`] bytes in
/// memory, and a larger body into a spool file in `spool_dir` as it comes,
/// so memory stays bounded whatever the size. A byte past the cap tells a
/// body at the cap from one over it; nothing of a body over the cap is
/// kept.
pub fn read_capped(reader: impl Read, cap: u64, spool_dir: &Path) -> Result<Body, BodyError> {
    let mut limited = reader.take(cap.saturating_add(1));
    let mut bytes = Vec::new();
    (&mut limited)
        .take(SPOOL_ABOVE.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(BodyError::Read)?;
    if bytes.len() as u64 > cap {
        return Err(BodyError::TooLarge);
    }
    if bytes.len() as u64 <= SPOOL_ABOVE {
        return Ok(Body::Bytes(bytes));
    }
    let mut file = spool_file(spool_dir).map_err(BodyError::Spool)?;
    file.write_all(&bytes).map_err(BodyError::Read)?;
    drop(bytes);
    let rest = std::io::copy(&mut limited, &mut file).map_err(BodyError::Read)?;
    let len = (SPOOL_ABOVE + 1).saturating_add(rest);
    if len > cap {
        return Err(BodyError::TooLarge);
    }
    file.rewind().map_err(BodyError::Read)?;
    Ok(Body::File { file, len })
}

/// A new file in `dir` (or the system's temporary folder when `dir` is not
/// a folder), unlinked at once: it lives as long as it is open, and a
/// killed process leaves nothing behind. Its name while it has one is a
/// temporary file's (`.name.pid.n.tmp`), which the import clears if it is
/// ever left.
fn spool_file(dir: &Path) -> std::io::Result<std::fs::File> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = if dir.is_dir() {
        dir.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let path = dir.join(format!(
        ".gogai-spool.{}.{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
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
    pub body: Body,
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
/// never go through a proxy from the environment. A large body is spooled
/// into `spool_dir` (see [`read_capped`]).
pub fn fetch(address: &str, limits: &Limits, spool_dir: &Path) -> Result<Fetched, FetchError> {
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
        .user_agent(crate::fetch::http::USER_AGENT);
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
        .header("Accept", crate::fetch::http::ACCEPT)
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
    // ureq's own body limit is lifted; `read_capped` is the cap.
    let body = read_capped(
        body.with_config().limit(u64::MAX).reader(),
        limits.max_bytes,
        spool_dir,
    )
    .map_err(|e| match e {
        BodyError::TooLarge => FetchError::TooLarge {
            cap: limits.max_bytes,
        },
        BodyError::Read(e) => read_error(&e, limits),
        BodyError::Spool(e) => FetchError::Transport(format!("cannot make a spool file: {e}")),
    })?;
    Ok(Fetched {
        body,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(body: Body) -> Vec<u8> {
        body.into_bytes(u64::MAX)
            .expect("read")
            .expect("under the cap")
    }

    #[test]
    fn a_small_body_stays_in_memory_and_a_large_one_goes_to_an_unlinked_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let small = b"<rss/>".to_vec();
        let body = read_capped(&small[..], 1 << 30, dir.path()).expect("read");
        assert!(matches!(body, Body::Bytes(_)));
        assert_eq!(bytes_of(body), small);

        let large: Vec<u8> = (0..SPOOL_ABOVE + 10).map(|i| (i % 251) as u8).collect();
        let mut body = read_capped(&large[..], 1 << 30, dir.path()).expect("read");
        assert!(matches!(body, Body::File { .. }));
        assert_eq!(body.len(), large.len() as u64);
        assert_eq!(body.head().expect("head"), large[..4096]);
        assert_eq!(bytes_of(body), large, "read from its start after head()");
        // Nothing is left in the folder, not even while it was open.
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }

    #[test]
    fn a_body_over_the_cap_is_refused_whatever_its_size() {
        let dir = tempfile::tempdir().expect("tmp");
        let at_cap = [b'x'; 100];
        assert!(read_capped(&at_cap[..], 100, dir.path()).is_ok());
        let over = [b'x'; 101];
        assert!(matches!(
            read_capped(&over[..], 100, dir.path()),
            Err(BodyError::TooLarge)
        ));
        let cap = SPOOL_ABOVE + 5;
        let large = vec![b'x'; usize::try_from(cap).expect("fits") + 1];
        assert!(matches!(
            read_capped(&large[..], cap, dir.path()),
            Err(BodyError::TooLarge)
        ));
        // A large body may not be read whole past the limit asked.
        let fits = vec![b'x'; usize::try_from(cap).expect("fits")];
        let body = read_capped(&fits[..], cap, dir.path()).expect("at the cap");
        assert!(body.into_bytes(10).expect("read").is_none());
    }
}
