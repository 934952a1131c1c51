//! The fetch engine (`gogai::fetch`) and `gogai --update` against a server
//! on 127.0.0.1 that the tests start themselves: canned answers per path,
//! and every request recorded (headers, and when it started and ended, so
//! parallelism is read from the server's side, never from wall time).

// Test scaffolding builds small feeds and answers with `format!`; the
// folder holds only names gogai wrote.
#![allow(
    clippy::format_push_string,
    clippy::format_collect,
    clippy::case_sensitive_file_extension_comparisons
)]

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gogai::fetch::{self, Event, Feed, Outcome, Skip};
use gogai::store::state::ReadState;

// ------------------------------------------------------------ the server

#[derive(Clone, Default)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    /// Answered only once this is opened (waited on outside the routes'
    /// lock, so other requests are answered meanwhile).
    gate: Option<Arc<Gate>>,
}

type Gate = (Mutex<bool>, std::sync::Condvar);

fn ok(body: &str) -> Reply {
    Reply {
        status: 200,
        headers: vec![("Content-Type".into(), "application/rss+xml".into())],
        body: body.as_bytes().to_vec(),
        ..Reply::default()
    }
}

fn status(code: u16, headers: &[(&str, &str)]) -> Reply {
    Reply {
        status: code,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Reply::default()
    }
}

#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: HashMap<String, String>,
    start: Instant,
    end: Instant,
}

type Route = Box<dyn Fn(&HashMap<String, String>) -> Reply + Send + Sync>;

struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, l) = (r.clone(), l.clone());
                std::thread::spawn(move || serve(stream, &r, &l));
            }
        });
        Self { base, routes, log }
    }

    fn route(
        &self,
        path: &str,
        f: impl Fn(&HashMap<String, String>) -> Reply + Send + Sync + 'static,
    ) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_owned(), Box::new(f));
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests(&self, path: &str) -> Vec<Request> {
        self.log
            .lock()
            .expect("log")
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// The most requests the server was answering at one moment.
    fn most_at_once(&self) -> usize {
        let log = self.log.lock().expect("log");
        log.iter()
            .map(|a| {
                log.iter()
                    .filter(|b| b.start <= a.start && a.start < b.end)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

fn serve(stream: TcpStream, routes: &Mutex<HashMap<String, Route>>, log: &Mutex<Vec<Request>>) {
    let start = Instant::now();
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let reply = routes
        .lock()
        .expect("routes")
        .get(&path)
        .map_or_else(|| status(404, &[]), |f| f(&headers));
    std::thread::sleep(reply.delay);
    if let Some(gate) = &reply.gate {
        let (open, wake) = &**gate;
        let guard = open.lock().expect("gate");
        let _open = wake
            .wait_timeout_while(guard, Duration::from_secs(120), |open| !*open)
            .expect("gate");
    }
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&reply.body);
    let _ = out.flush();
    log.lock().expect("log").push(Request {
        path,
        headers,
        start,
        end: Instant::now(),
    });
}

// ------------------------------------------------------------ helpers

fn rss(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test feed</title>",
    );
    for (title, link, text) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>{link}</link>\
             <pubDate>Mon, 03 Nov 2025 10:00:00 GMT</pubDate><description>{text}</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn two_items() -> String {
    rss(&[
        (
            "First story",
            "https://news.example/1",
            "The first story's text.",
        ),
        (
            "Second story",
            "https://news.example/2",
            "The second story's text.",
        ),
    ])
}

fn feed(url: String) -> Feed {
    Feed {
        url,
        name: None,
        tags: Vec::new(),
    }
}

struct Setup {
    _tmp: tempfile::TempDir,
    options: fetch::Options,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut options = fetch::Options::new(tmp.path().join("articles"));
    options.state = Some(tmp.path().join("state.sqlite"));
    options.min_interval = Duration::ZERO;
    options.timeout = Duration::from_secs(10);
    Setup { _tmp: tmp, options }
}

fn run(feeds: &[Feed], options: &fetch::Options) -> (fetch::Report, Vec<Event>) {
    let mut events = Vec::new();
    let report = fetch::run(feeds, options, &mut |e| events.push(e)).expect("refresh");
    (report, events)
}

fn outcome(report: &fetch::Report, i: usize) -> (Outcome, usize, usize) {
    report.outcomes[i].clone().expect("an outcome")
}

fn json_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

// ------------------------------------------------------------ tests

#[test]
fn an_unchanged_feed_costs_one_304_and_writes_nothing() {
    let server = Server::start();
    server.route("/feed", |h| {
        if h.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            return status(304, &[("ETag", "\"v1\"")]);
        }
        let mut r = ok(&two_items());
        r.headers.push(("ETag".into(), "\"v1\"".into()));
        r.headers.push((
            "Last-Modified".into(),
            "Mon, 03 Nov 2025 10:00:00 GMT".into(),
        ));
        r
    });
    let s = setup();
    let feeds = [feed(server.url("/feed"))];
    let (report, events) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 2, 0));
    assert!(events.contains(&Event::Started { feed: 0 }));
    let files = json_files(&s.options.dir);
    assert_eq!(files.len(), 2);
    let text = std::fs::read_to_string(s.options.dir.join(&files[0])).expect("read");
    assert!(
        text.contains(&format!("\"feed\": \"{}\"", server.url("/feed"))),
        "{text}"
    );

    let (again, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&again, 0), (Outcome::Unchanged, 0, 0));
    let second = &server.requests("/feed")[1];
    assert_eq!(
        second.headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(
        second.headers.get("if-modified-since").map(String::as_str),
        Some("Mon, 03 Nov 2025 10:00:00 GMT")
    );
    assert!(second.headers["user-agent"].starts_with("gogai/"));
    assert_eq!(json_files(&s.options.dir), files, "nothing written");
}

#[test]
fn a_feed_fetched_minutes_ago_is_skipped_unless_forced() {
    let server = Server::start();
    server.route("/feed", |_| ok(&two_items()));
    let mut s = setup();
    s.options.min_interval = Duration::from_secs(600);
    let feeds = [feed(server.url("/feed"))];
    run(&feeds, &s.options);
    let (report, _) = run(&feeds, &s.options);
    assert!(matches!(
        outcome(&report, 0).0,
        Outcome::Skipped(Skip::Recent { .. })
    ));
    assert_eq!(server.requests("/feed").len(), 1);
    s.options.force = true;
    let (forced, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&forced, 0), (Outcome::Fetched, 0, 0));
}

#[test]
fn a_gzip_body_is_read() {
    let server = Server::start();
    server.route("/gz", |h| {
        assert!(h.get("accept-encoding").is_some_and(|v| v.contains("gzip")));
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(two_items().as_bytes()).expect("gzip");
        let mut r = ok("");
        r.body = enc.finish().expect("gzip");
        r.headers.push(("Content-Encoding".into(), "gzip".into()));
        r
    });
    let s = setup();
    let (report, _) = run(&[feed(server.url("/gz"))], &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 2, 0));
}

#[test]
fn permanent_redirects_report_the_new_address_and_temporary_ones_do_not() {
    let server = Server::start();
    server.route("/feed", |_| ok(&two_items()));
    let to = server.url("/feed");
    let t = to.clone();
    server.route("/old301", move |_| status(301, &[("Location", &t)]));
    server.route("/old308", |_| status(308, &[("Location", "/feed")]));
    server.route("/tmp302", |_| status(302, &[("Location", "/feed")]));
    let s = setup();
    let feeds = [
        feed(server.url("/old301")),
        feed(server.url("/old308")),
        feed(server.url("/tmp302")),
    ];
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0).0, Outcome::Moved { to: to.clone() });
    assert_eq!(outcome(&report, 1).0, Outcome::Moved { to });
    assert_eq!(outcome(&report, 2).0, Outcome::Fetched);
}

#[test]
fn gone_marks_the_feed_dead_until_forced() {
    let server = Server::start();
    server.route("/gone", |_| status(410, &[]));
    let mut s = setup();
    let feeds = [feed(server.url("/gone"))];
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0).0, Outcome::Gone);
    let (again, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&again, 0).0, Outcome::Skipped(Skip::Dead));
    assert_eq!(server.requests("/gone").len(), 1);
    s.options.force = true;
    let (forced, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&forced, 0).0, Outcome::Gone);
    assert_eq!(server.requests("/gone").len(), 2);
}

#[test]
fn too_many_requests_backs_off_for_the_time_asked() {
    let server = Server::start();
    server.route("/busy", |_| status(429, &[("Retry-After", "3600")]));
    let s = setup();
    let feeds = [feed(server.url("/busy"))];
    let (report, _) = run(&feeds, &s.options);
    match outcome(&report, 0).0 {
        Outcome::Failed(why) => assert!(why.contains("429") && why.contains("3600"), "{why}"),
        other => panic!("{other:?}"),
    }
    let (again, _) = run(&feeds, &s.options);
    match outcome(&again, 0).0 {
        Outcome::Skipped(Skip::BackingOff { left }) => assert!(left > 3000, "{left}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests("/busy").len(), 1);
}

#[test]
fn a_slow_feed_times_out_while_the_others_finish() {
    let server = Server::start();
    server.route("/slow", |_| Reply {
        delay: Duration::from_secs(4),
        ..ok(&two_items())
    });
    server.route("/fast", |_| ok(&two_items()));
    let mut s = setup();
    s.options.timeout = Duration::from_millis(500);
    let (report, _) = run(
        &[feed(server.url("/slow")), feed(server.url("/fast"))],
        &s.options,
    );
    match outcome(&report, 0).0 {
        Outcome::Failed(why) => assert!(why.contains("no answer within"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(outcome(&report, 1), (Outcome::Fetched, 2, 0));
    assert!(report.failed());
}

#[test]
fn an_oversized_body_and_a_malformed_feed_fail_with_a_reason() {
    let server = Server::start();
    server.route("/big", |_| ok(&"x".repeat(5000)));
    server.route("/bad", |_| {
        ok("<html><body>Not a feed at all</body></html>")
    });
    let mut s = setup();
    s.options.max_bytes = 1000;
    let (report, _) = run(
        &[feed(server.url("/big")), feed(server.url("/bad"))],
        &s.options,
    );
    match outcome(&report, 0).0 {
        Outcome::Failed(why) => assert!(why.contains("larger than 1000 bytes"), "{why}"),
        other => panic!("{other:?}"),
    }
    match outcome(&report, 1).0 {
        Outcome::Failed(why) => assert!(why.contains("not a feed"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(json_files(&s.options.dir).is_empty());
}

#[test]
fn a_changed_item_updates_its_file_in_place_and_keeps_its_marks() {
    let server = Server::start();
    let text = Arc::new(Mutex::new("The first version.".to_owned()));
    let t = text.clone();
    server.route("/feed", move |_| {
        let body = t.lock().expect("text").clone();
        ok(&rss(&[("A story", "https://news.example/a", &body)]))
    });
    let s = setup();
    let state = s.options.state.clone().expect("state");
    let feeds = [feed(server.url("/feed"))];
    run(&feeds, &s.options);
    let files = json_files(&s.options.dir);
    assert_eq!(files.len(), 1);
    let id = files[0].trim_end_matches(".json").to_owned();
    let mut marks = ReadState::load(&state).expect("load").state;
    marks.set_read(&id, true);
    marks.set_starred(&id, true);
    marks.save(&state).expect("save");

    *text.lock().expect("text") = "The second version.".to_owned();
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 0, 1));
    assert_eq!(json_files(&s.options.dir), files, "the same file");
    let path = s.options.dir.join(&files[0]);
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(written.contains("The second version."), "{written}");
    assert!(written.contains("\"updated\""), "{written}");
    // The reader says so in the article's heading.
    let parsed = gogai::article::parse(written.as_bytes(), &files[0], &files[0]);
    let article = parsed.articles.first().expect("one article");
    assert!(article.updated.is_some(), "{written}");
    let doc = gogai::doc::Doc::build(article, 60);
    let heading: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        heading
            .iter()
            .any(|l| l.starts_with("↻ updated by its feed on ")),
        "{heading:?}"
    );
    let marks = ReadState::peek(&state);
    assert!(marks.is_read(&id) && marks.is_starred(&id));

    // A file the user edited is never replaced.
    let edited = written.replace("The second version.", "My own notes.");
    std::fs::write(&path, &edited).expect("edit");
    *text.lock().expect("text") = "The third version.".to_owned();
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 0, 0));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), edited);
}

#[test]
fn a_feed_file_is_read_from_disk_and_unchanged_costs_nothing() {
    let s = setup();
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("local.xml");
    std::fs::write(&path, two_items()).expect("write the feed");
    let as_path = feed(path.display().to_string());
    let (report, _) = run(std::slice::from_ref(&as_path), &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 2, 0));
    // Its modification time is its validator: untouched, nothing is read.
    let (report, _) = run(std::slice::from_ref(&as_path), &s.options);
    assert_eq!(outcome(&report, 0).0, Outcome::Unchanged);
    // A file:// URL names it too; a missing file fails with its name.
    let as_url = feed(format!("file://{}", path.display()));
    let (report, _) = run(&[as_url], &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 0, 0));
    let missing = feed(tmp.path().join("gone.xml").display().to_string());
    let (report, _) = run(&[missing], &s.options);
    let Outcome::Failed(why) = outcome(&report, 0).0 else {
        panic!("a missing file fails");
    };
    assert!(why.contains("gone.xml"), "{why}");
}

#[test]
fn an_article_deleted_into_the_trash_does_not_come_back_with_the_next_refresh() {
    let server = Server::start();
    server.route("/feed", |_| ok(&two_items()));
    let s = setup();
    let feeds = [feed(server.url("/feed"))];
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 2, 0));
    let files = json_files(&s.options.dir);
    let gone = s.options.dir.join(&files[0]);
    gogai::store::trash::move_to_trash(&gone, &s.options.dir).expect("to the trash");
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 0, 0));
    assert_eq!(json_files(&s.options.dir), files[1..].to_vec());
}

#[test]
fn two_items_with_one_link_never_overwrite_each_other() {
    // Feeds that link every item to their home page: the second item is a
    // duplicate of the first (as --import sees it), never a change to it.
    let server = Server::start();
    server.route("/feed", |_| {
        ok(&rss(&[
            ("First story", "https://news.example/", "The first text."),
            ("Second story", "https://news.example/", "The second text."),
        ]))
    });
    let mut s = setup();
    let feeds = [feed(server.url("/feed"))];
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 1, 0));
    let files = json_files(&s.options.dir);
    assert_eq!(files.len(), 1);
    let path = s.options.dir.join(&files[0]);
    let first = std::fs::read_to_string(&path).expect("read");
    assert!(first.contains("The first text."), "{first}");
    // Again and again: nothing changes, nothing is said to be updated.
    s.options.force = true;
    for _ in 0..2 {
        let (report, _) = run(&feeds, &s.options);
        assert_eq!(outcome(&report, 0), (Outcome::Fetched, 0, 0));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), first);
    }
}

#[test]
fn slow_feeds_are_fetched_at_once_within_the_limits() {
    let server = Server::start();
    for i in 0..8 {
        server.route(&format!("/f{i}"), move |_| Reply {
            delay: Duration::from_millis(400),
            ..ok(&rss(&[(
                &format!("Story {i}"),
                &format!("https://n.example/{i}"),
                "Text.",
            )]))
        });
    }
    let feeds: Vec<Feed> = (0..8)
        .map(|i| feed(server.url(&format!("/f{i}"))))
        .collect();
    let mut s = setup();
    s.options.per_host = 8;
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(report.new_articles(), 8);
    let most = server.most_at_once();
    assert!((4..=8).contains(&most), "at most {most} at once");

    // One host: never more than the per-host limit at once.
    let server = Server::start();
    for i in 0..4 {
        server.route(&format!("/f{i}"), move |_| Reply {
            delay: Duration::from_millis(200),
            ..ok(&rss(&[(
                &format!("Story {i}"),
                &format!("https://m.example/{i}"),
                "Text.",
            )]))
        });
    }
    let feeds: Vec<Feed> = (0..4)
        .map(|i| feed(server.url(&format!("/f{i}"))))
        .collect();
    let s = setup();
    run(&feeds, &s.options);
    assert_eq!(server.most_at_once(), fetch::PER_HOST);
}

// ------------------------------------------------------------ the command

fn gogai(home: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gogai"));
    cmd.args(args)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("HOME", home)
        .env_remove("GOGAI_DIR")
        .current_dir(home);
    cmd
}

fn feeds_file(home: &Path, text: &str) {
    let dir = home.join("config/gogai");
    std::fs::create_dir_all(&dir).expect("config");
    std::fs::write(dir.join("feeds"), text).expect("feeds");
}

#[test]
fn update_prints_a_line_per_feed_and_fails_when_one_failed() {
    let server = Server::start();
    server.route("/feed", |_| ok(&two_items()));
    server.route("/gone", |_| status(410, &[]));
    server.route("/err", |_| status(500, &[]));
    let home = tempfile::tempdir().expect("home");
    feeds_file(
        home.path(),
        &format!(
            "# mine\n{} news \"~Daily\"\n{}\n{}\n",
            server.url("/feed"),
            server.url("/gone"),
            server.url("/err")
        ),
    );
    let out = gogai(home.path(), &["--update"]).output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Daily: new 2"), "{stdout}");
    assert!(
        stdout.contains(&format!("{}: gone", server.url("/gone"))),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}: failed: the server answered 500",
            server.url("/err")
        )),
        "{stdout}"
    );
    assert!(stdout.contains("3 feeds: 2 new"), "{stdout}");
    let articles = home.path().join("data/gogai/articles");
    assert_eq!(json_files(&articles).len(), 2);

    // Again at once: the feed is skipped as fetched moments ago.
    feeds_file(
        home.path(),
        &format!("{} \"~Daily\"\n", server.url("/feed")),
    );
    let out = gogai(home.path(), &["--update"]).output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Daily: skipped: fetched"), "{stdout}");
}

#[test]
fn a_permanent_move_is_written_into_the_feeds_file_with_a_notice() {
    let server = Server::start();
    server.route("/feed", |_| ok(&two_items()));
    server.route("/old", |_| status(301, &[("Location", "/feed")]));
    let home = tempfile::tempdir().expect("home");
    feeds_file(
        home.path(),
        &format!("# mine\n{} news \"~Daily\"\n", server.url("/old")),
    );
    let out = gogai(home.path(), &["--update"]).output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!("Daily: moved → {} (new 2)", server.url("/feed"))),
        "{stdout}"
    );
    assert!(stdout.contains("feeds:2: "), "{stdout}");
    let feeds = std::fs::read_to_string(home.path().join("config/gogai/feeds")).expect("feeds");
    assert_eq!(
        feeds,
        format!("# mine\n{} news \"~Daily\"\n", server.url("/feed"))
    );
}

#[test]
fn purge_keeps_the_newest_starred_and_unread() {
    let server = Server::start();
    let items: Vec<(String, String, String)> = (1..=5)
        .map(|i| {
            (
                format!("Story {i}"),
                format!("https://p.example/{i}"),
                format!("Text {i}."),
            )
        })
        .collect();
    let body = {
        let mut s =
            String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>P</title>");
        for (i, (t, l, x)) in items.iter().enumerate() {
            s.push_str(&format!(
                "<item><title>{t}</title><link>{l}</link><pubDate>Mon, 0{} Nov 2025 10:00:00 GMT</pubDate><description>{x}</description></item>",
                i + 1
            ));
        }
        s + "</channel></rss>"
    };
    server.route("/feed", move |_| ok(&body));
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("articles");
    std::fs::create_dir_all(&dir).expect("dir");
    feeds_file(home.path(), &format!("{}\n", server.url("/feed")));
    assert!(
        gogai(home.path(), &["--update"])
            .output()
            .expect("run")
            .status
            .success()
    );
    // A file of the user's own, read, with no feed: never a candidate.
    std::fs::write(
        dir.join("mine.json"),
        r#"{"title": "Mine", "body": ["My text."]}"#,
    )
    .expect("write");
    let files = json_files(&dir);
    assert_eq!(files.len(), 6);
    let id_of = |n: u32| {
        files
            .iter()
            .find(|f| f.starts_with(&format!("story-{n}-")))
            .expect("file")
            .trim_end_matches(".json")
            .to_owned()
    };
    let state = home.path().join("state/gogai/state.sqlite");
    let mut marks = ReadState::load(&state).expect("load").state;
    for n in 1..=4 {
        marks.set_read(&id_of(n), true);
    }
    marks.set_read("mine", true);
    marks.set_starred(&id_of(1), true);
    marks.save(&state).expect("save");
    // Keep 200 by default: nothing to remove.
    let out = gogai(home.path(), &["--purge"]).output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 old articles removed"));

    // The engine with a smaller N: the newest two (5 unread, 4), starred 1
    // stay; 2 and 3 go.
    let mut options = fetch::Options::new(dir.clone());
    options.state = Some(state.clone());
    let (store, _) = gogai::store::state::FetchStore::open(&state).expect("store");
    let records: HashMap<_, _> = store
        .fetched(gogai::store::state::folder_key(&dir))
        .expect("records")
        .into_iter()
        .map(|f| (f.name.clone(), f))
        .collect();
    let done = fetch::retain::purge(&dir, &records, None, 2, &ReadState::peek(&state));
    let mut removed: Vec<String> = done.removed.iter().map(|p| p.title.clone()).collect();
    removed.sort();
    assert_eq!(removed, ["Story 2", "Story 3"]);
    assert_eq!(json_files(&dir).len(), 4);
    assert!(dir.join("mine.json").exists());
    // The command with GOGAI_FETCH_KEEP=1: beyond the newest (5, unread),
    // 4 is read and goes; 1 is starred and stays.
    let out = gogai(home.path(), &["--purge"])
        .env("GOGAI_FETCH_KEEP", "1")
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("\"Story 4\""), "{said}");
    assert!(!said.contains("\"Story 1\""), "{said}");
    assert_eq!(json_files(&dir).len(), 3);
}

#[test]
fn a_refresh_killed_midway_leaves_whole_articles_only() {
    let server = Server::start();
    for i in 0..6 {
        server.route(&format!("/f{i}"), move |_| {
            ok(&rss(&[
                (
                    &format!("Story {i}a"),
                    &format!("https://k.example/{i}a"),
                    "Text a.",
                ),
                (
                    &format!("Story {i}b"),
                    &format!("https://k.example/{i}b"),
                    "Text b.",
                ),
            ]))
        });
    }
    server.route("/stuck", |_| Reply {
        delay: Duration::from_secs(60),
        ..ok(&two_items())
    });
    let home = tempfile::tempdir().expect("home");
    let mut list: String = (0..6)
        .map(|i| format!("{}\n", server.url(&format!("/f{i}"))))
        .collect();
    list.push_str(&format!("{}\n", server.url("/stuck")));
    feeds_file(home.path(), &list);
    let mut child = gogai(home.path(), &["--update"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait (on the child's own report) until the six quick feeds are in.
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut done = 0;
    while done < 6 {
        let line = lines.next().expect("a line").expect("text");
        if line.contains("new 2") {
            done += 1;
        }
    }
    assert!(!server.requests("/stuck").is_empty() || server.log.lock().expect("log").len() >= 6);
    child.kill().expect("kill");
    child.wait().expect("wait");
    let dir = home.path().join("data/gogai/articles");
    let files = json_files(&dir);
    assert_eq!(files.len(), 12, "{files:?}");
    for name in &files {
        let mut bytes = Vec::new();
        std::fs::File::open(dir.join(name))
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .expect("read");
        let parsed = gogai::article::parse(&bytes, name, name);
        assert!(parsed.problems.is_empty(), "{name}: {:?}", parsed.problems);
        assert_eq!(parsed.articles.len(), 1);
    }
}

#[test]
fn a_refresh_on_a_background_thread_can_be_stopped() {
    let server = Server::start();
    // The first feed is answered only once the test has asked to stop.
    let release = Arc::new(std::sync::atomic::AtomicBool::new(false));
    for i in 0..4 {
        let release = release.clone();
        server.route(&format!("/f{i}"), move |_| {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !release.load(std::sync::atomic::Ordering::Relaxed) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            ok(&rss(&[(
                &format!("Story {i}"),
                &format!("https://s.example/{i}"),
                "Text.",
            )]))
        });
    }
    let feeds: Vec<Feed> = (0..4)
        .map(|i| feed(server.url(&format!("/f{i}"))))
        .collect();
    let mut s = setup();
    s.options.parallel = 1;
    let stop = s.options.stop.clone();
    let options = s.options.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        fetch::run(&feeds, &options, &mut |e| {
            let _ = tx.send(e);
        })
    });
    // Stopped as soon as the first feed starts: it finishes, no other starts.
    let first = rx.recv().expect("an event");
    assert_eq!(first, Event::Started { feed: 0 });
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    release.store(true, std::sync::atomic::Ordering::Relaxed);
    let report = worker.join().expect("joined").expect("refresh");
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 1, 0));
    for i in 1..4 {
        assert_eq!(outcome(&report, i).0, Outcome::Skipped(Skip::Stopped));
    }
    let started = rx
        .try_iter()
        .filter(|e| matches!(e, Event::Started { .. }))
        .count();
    assert_eq!(started, 0, "no feed started after the stop");
}

// ------------------------------------------------------------ large feeds

/// A feed of `n` items of about 4 KB each (10,000 make 40 MB), titled
/// after `name` (items of two feeds with one title and date would be
/// duplicates) and linked under `prefix`; item `changed` gets other text. Item 0's link is relative
/// when `prefix` is empty, to check the base links are resolved against.
fn big_rss(n: usize, name: &str, prefix: &str, changed: Option<usize>) -> Vec<u8> {
    let filler = "Harbour cranes stood idle while the tide came in. ".repeat(80);
    let mut s = String::with_capacity(n * 4200);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Archive</title>\n");
    for i in 0..n {
        let link = if prefix.is_empty() {
            format!("story/{i}")
        } else {
            format!("{prefix}{i}")
        };
        let extra = if changed == Some(i) {
            " Corrected since."
        } else {
            ""
        };
        s.push_str(&format!(
            "<item><title>{name} story {i}</title><link>{link}</link>\
             <pubDate>Mon, 03 Nov 2025 10:00:00 GMT</pubDate>\
             <description>Story {i}. {filler}{extra}</description></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s.into_bytes()
}

/// The `url` of every article in `dir`.
fn urls_in(dir: &Path) -> std::collections::HashSet<String> {
    json_files(dir)
        .iter()
        .filter_map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).ok()?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            value["url"].as_str().map(str::to_owned)
        })
        .collect()
}

#[test]
fn a_large_feed_streams_from_the_server_and_from_disk_and_every_item_arrives() {
    const ITEMS: usize = 10_000;
    let server = Server::start();
    let v1 = Arc::new(big_rss(ITEMS, "Archive", "", None));
    assert!(v1.len() > 40_000_000, "{} bytes", v1.len());
    let v2 = Arc::new(big_rss(ITEMS, "Archive", "", Some(7)));
    let serving_v2 = Arc::new(Mutex::new(false));
    let (a, b, now_v2) = (v1.clone(), v2.clone(), serving_v2.clone());
    server.route("/archive.xml", move |headers| {
        let v2 = *now_v2.lock().expect("flag");
        let (etag, body) = if v2 { ("\"v2\"", &b) } else { ("\"v1\"", &a) };
        if headers.get("if-none-match").map(String::as_str) == Some(etag) {
            return status(304, &[("ETag", etag)]);
        }
        Reply {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/rss+xml".into()),
                ("ETag".into(), etag.into()),
            ],
            body: body.to_vec(),
            ..Reply::default()
        }
    });
    let url = server.url("/archive.xml");

    // Over the cap: a failure naming the address, and nothing written.
    let mut capped = setup();
    capped.options.max_bytes = 20_000_000;
    let (report, _) = run(&[feed(url.clone())], &capped.options);
    let Outcome::Failed(why) = outcome(&report, 0).0 else {
        panic!("over the cap fails");
    };
    assert!(
        why.contains(&url) && why.contains("larger than 20000000 bytes"),
        "{why}"
    );
    assert!(json_files(&capped.options.dir).is_empty());

    // The same feed as a subscribed file, with links of its own.
    let s = setup();
    let tmp = tempfile::tempdir().expect("tmp");
    let local = tmp.path().join("archive.xml");
    std::fs::write(
        &local,
        big_rss(ITEMS, "Local", "https://archive.example/", None),
    )
    .expect("write");
    let feeds = [feed(url.clone()), feed(local.display().to_string())];
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, ITEMS, 0));
    assert_eq!(outcome(&report, 1), (Outcome::Fetched, ITEMS, 0));
    let urls = urls_in(&s.options.dir);
    assert_eq!(urls.len(), 2 * ITEMS);
    // Relative links resolve against the address fetched, as for a small
    // feed.
    assert!(urls.contains(&server.url("/story/0")), "base");
    assert!(urls.contains(&format!("https://archive.example/{}", ITEMS - 1)));
    // No spool file is left in the folder.
    let stray: Vec<_> = std::fs::read_dir(&s.options.dir)
        .expect("folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".json"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");

    // Again: one 304 for the server's, the file's time for the file's.
    let (report, _) = run(&feeds, &s.options);
    assert_eq!(outcome(&report, 0).0, Outcome::Unchanged);
    assert_eq!(outcome(&report, 1).0, Outcome::Unchanged);
    let asked = server.requests("/archive.xml");
    assert_eq!(
        asked
            .last()
            .and_then(|r| r.headers.get("if-none-match"))
            .map(String::as_str),
        Some("\"v1\"")
    );

    // One item changed upstream: its file is replaced in place, the
    // others are duplicates.
    let story7 = json_files(&s.options.dir)
        .into_iter()
        .find(|n| {
            std::fs::read_to_string(s.options.dir.join(n))
                .is_ok_and(|t| t.contains(&server.url("/story/7")))
        })
        .expect("story 7 written");
    *serving_v2.lock().expect("flag") = true;
    let (report, _) = run(&feeds[..1], &s.options);
    assert_eq!(outcome(&report, 0), (Outcome::Fetched, 0, 1));
    let text = std::fs::read_to_string(s.options.dir.join(&story7)).expect("read");
    assert!(text.contains("Corrected since."), "replaced in place");
    assert_eq!(json_files(&s.options.dir).len(), 2 * ITEMS);
}

#[test]
fn import_of_a_large_address_streams_it_and_keeps_every_item() {
    // Over the 8 MiB kept in memory, so spooled and read item by item.
    const ITEMS: usize = 2_300;
    let server = Server::start();
    let body = Arc::new(big_rss(ITEMS, "Wire", "https://wire.example/", None));
    assert!(body.len() > 9 * 1024 * 1024);
    let b = body.clone();
    server.route("/wire.xml", move |_| Reply {
        status: 200,
        headers: vec![("Content-Type".into(), "application/rss+xml".into())],
        body: b.to_vec(),
        ..Reply::default()
    });
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("news");
    let out = gogai(
        home.path(),
        &["--import", &server.url("/wire.xml"), "--dir", "news"],
    )
    .output()
    .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("{ITEMS} articles added")),
        "{}",
        stdout.lines().last().unwrap_or_default()
    );
    assert_eq!(urls_in(&dir).len(), ITEMS);
    // It sent the fetch engine's User-Agent.
    let ua = server.requests("/wire.xml")[0].headers["user-agent"].clone();
    assert_eq!(ua, gogai::fetch::http::USER_AGENT);
    assert!(ua.starts_with(&format!("gogai/{}", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn an_import_writes_while_a_long_refresh_runs() {
    let server = Server::start();
    server.route("/quick", |_| ok(&two_items()));
    // The slow feed answers only when the test lets it.
    let gate: Arc<Gate> = Arc::new((Mutex::new(false), std::sync::Condvar::new()));
    let g = gate.clone();
    server.route("/slow", move |_| Reply {
        gate: Some(g.clone()),
        ..ok(&rss(&[(
            "Late story",
            "https://news.example/late",
            "It came last.",
        )]))
    });
    let home = tempfile::tempdir().expect("home");
    feeds_file(
        home.path(),
        &format!("{}\n{}\n", server.url("/quick"), server.url("/slow")),
    );
    let refresh = gogai(home.path(), &["--update"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the refresh");
    let articles = home.path().join("data/gogai/articles");
    // Wait (for as long as a loaded machine needs) until the quick feed is
    // written: the refresh then waits on the slow one.
    let deadline = Instant::now() + Duration::from_secs(120);
    while json_files(&articles).len() < 2 {
        assert!(Instant::now() < deadline, "the quick feed never arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
    let local = home.path().join("mine.xml");
    std::fs::write(
        &local,
        rss(&[("My own note", "https://mine.example/1", "Written by me.")]),
    )
    .expect("write");
    let import = gogai(home.path(), &["--import", &local.display().to_string()])
        .output()
        .expect("import");
    let said = String::from_utf8_lossy(&import.stdout);
    assert!(import.status.success(), "{said}");
    assert!(said.contains("1 article added"), "{said}");
    assert!(
        server.requests("/slow").is_empty(),
        "the refresh was still running"
    );
    *gate.0.lock().expect("gate") = true;
    gate.1.notify_all();
    let done = refresh.wait_with_output().expect("the refresh ends");
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success(), "{said}");
    assert!(said.contains("2 feeds: 3 new"), "{said}");
    assert_eq!(json_files(&articles).len(), 4);
}
