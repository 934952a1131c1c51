//! Subscriptions: the feeds file (newsboat's urls syntax), its edits,
//! OPML both ways, and the subscription modes of the binary. Every run of
//! the binary has its own `XDG_*` folders and `HOME` in a temporary folder:
//! nothing here touches the real `~/.config` or `~/.local`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use gogai::feeds::list::{FeedsError, Subscription, Subscriptions};
use gogai::feeds::opml;
use tempfile::TempDir;

/// A newsboat urls file as people keep them: comments, blank lines,
/// quoted tags, names, a query feed, a hidden feed, CRLF on one line and
/// no newline at the end.
const NEWSBOAT: &str = "# My feeds\n\
\n\
https://lwn.net/headlines/rss linux \"~LWN\"\n\
https://blog.rust-lang.org/feed.xml rust \"programming languages\" \"~Rust Blog\"\r\n\
   # indented comment\n\
\"query:Unread Articles:unread = \\\"yes\\\"\"\n\
https://example.com/hidden.xml \"!\" misc\n\
exec:~/bin/make-feed.sh\n\
https://example.com/plain.xml\n\
https://lwn.net/headlines/rss again\n\
https://example.com/last.xml news";

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

fn feeds_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("feeds");
    std::fs::write(&path, text).expect("write the feeds file");
    path
}

#[test]
fn a_newsboat_urls_file_is_read_as_it_is() {
    let dir = tempdir();
    let path = feeds_file(dir.path(), NEWSBOAT);
    let list = Subscriptions::load(&path).expect("load");
    let urls: Vec<&str> = list.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://lwn.net/headlines/rss",
            "https://blog.rust-lang.org/feed.xml",
            "https://example.com/hidden.xml",
            "https://example.com/plain.xml",
            "https://example.com/last.xml",
        ]
    );
    let rust = &list.as_slice()[1];
    assert_eq!(rust.name.as_deref(), Some("Rust Blog"));
    assert_eq!(rust.tags, ["rust", "programming languages"]);
    assert_eq!(rust.line, 4);
    assert_eq!(list.as_slice()[0].name.as_deref(), Some("LWN"));
    assert_eq!(list.as_slice()[2].tags, ["misc"]);
    assert_eq!(list.as_slice()[3].name, None);
    assert_eq!(list.as_slice()[4].line, 11);

    let warnings: Vec<String> = list.warnings().iter().map(ToString::to_string).collect();
    let shown = path.display().to_string();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warnings[0].starts_with(&format!("{shown}:6: a newsboat query feed")));
    assert!(warnings[1].starts_with(&format!("{shown}:7: the tag \"!\"")));
    assert!(warnings[2].starts_with(&format!("{shown}:8: a feed made by a command")));
    assert_eq!(
        warnings[3],
        format!(
            "{shown}:10: https://lwn.net/headlines/rss is listed already on line 3; this line is ignored"
        )
    );
    // Nothing read is lost: written back unedited, it is the same file.
    assert_eq!(list.to_bytes(), NEWSBOAT.as_bytes());
}

#[test]
fn an_unclosed_quote_is_a_warning_with_its_line_and_the_line_stays() {
    let dir = tempdir();
    let text = "https://a.example/feed \"open tag\nhttps://b.example/feed\n";
    let path = feeds_file(dir.path(), text);
    let mut list = Subscriptions::load(&path).expect("load");
    assert_eq!(list.len(), 1);
    let warning = list.warnings()[0].to_string();
    assert_eq!(
        warning,
        format!(
            "{}:1: a double quote is not closed; the line is kept as it is",
            path.display()
        )
    );
    list.remove("https://b.example/feed").expect("remove");
    list.save().expect("save");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "https://a.example/feed \"open tag\n"
    );
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let dir = tempdir();
    let path = dir.path().join("feeds");
    std::fs::write(&path, b"https://a.example/feed\nhttps://b.example/\xff\n").unwrap();
    let err = Subscriptions::load(&path).expect_err("not UTF-8");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2: not valid UTF-8; the feeds file must be UTF-8",
            path.display()
        )
    );
}

#[test]
fn a_missing_file_is_an_empty_list_and_saving_creates_it() {
    let dir = tempdir();
    let path = dir.path().join("config/gogai/feeds");
    let mut list = Subscriptions::load(&path).expect("load");
    assert!(list.is_empty());
    assert!(list.add(Subscription {
        url: "https://a.example/feed".into(),
        name: Some("A".into()),
        tags: vec!["x y".into()],
        line: 0,
    }));
    list.save().expect("save");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "https://a.example/feed \"x y\" \"~A\"\n"
    );
}

#[test]
fn edits_keep_every_other_line_byte_for_byte() {
    let dir = tempdir();
    let path = feeds_file(dir.path(), NEWSBOAT);
    let mut list = Subscriptions::load(&path).expect("load");
    assert!(!list.add(Subscription {
        url: "https://example.com/plain.xml".into(),
        name: None,
        tags: Vec::new(),
        line: 0,
    }));
    assert!(list.add(Subscription {
        url: "https://new.example/atom".into(),
        name: Some("New \"one\"".into()),
        tags: vec!["fresh".into()],
        line: 0,
    }));
    let removed = list.remove("LWN").expect("remove by name");
    assert_eq!(removed.url, "https://lwn.net/headlines/rss");
    assert!(list.replace_url(
        "https://blog.rust-lang.org/feed.xml",
        "https://blog.rust-lang.org/feed2.xml"
    ));
    assert!(!list.replace_url("https://nowhere.example/", "https://x.example/"));
    list.save().expect("save");
    let expected = NEWSBOAT
        .replace("https://lwn.net/headlines/rss linux \"~LWN\"\n", "")
        .replace("rust-lang.org/feed.xml", "rust-lang.org/feed2.xml")
        + "\nhttps://new.example/atom fresh \"~New \\\"one\\\"\"\n";
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    // And it reads back to the same feeds.
    let again = Subscriptions::load(&path).expect("reload");
    assert_eq!(
        again.as_slice().last().unwrap().name.as_deref(),
        Some("New \"one\"")
    );
    assert_eq!(
        again.as_slice()[0].url,
        "https://blog.rust-lang.org/feed2.xml"
    );
    assert_eq!(again.as_slice()[0].tags, ["rust", "programming languages"]);
}

#[test]
fn a_name_that_names_several_feeds_removes_none() {
    let dir = tempdir();
    let path = feeds_file(
        dir.path(),
        "https://a.example/1 \"~News\"\nhttps://a.example/2 \"~news\"\n",
    );
    let mut list = Subscriptions::load(&path).expect("load");
    let err = list.remove("News").expect_err("ambiguous");
    let text = err.to_string();
    assert!(text.contains("\"News\" names 2 feeds"), "{text}");
    assert!(text.contains("https://a.example/1") && text.contains("https://a.example/2"));
    assert_eq!(list.len(), 2);
}

#[test]
fn a_file_changed_on_disk_since_it_was_read_is_not_written_over() {
    let dir = tempdir();
    let path = feeds_file(dir.path(), "https://a.example/feed\n");
    let mut list = Subscriptions::load(&path).expect("load");
    list.remove("https://a.example/feed").expect("remove");
    // Someone else (an editor, another gogai) adds a feed meanwhile.
    std::fs::write(&path, "https://a.example/feed\nhttps://mine.example/feed\n").unwrap();
    let err = list.save().expect_err("changed on disk");
    assert!(matches!(err, FeedsError::Changed { .. }), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "https://a.example/feed\nhttps://mine.example/feed\n"
    );
    // Read again, the edit goes through and keeps their line.
    let mut list = Subscriptions::load(&path).expect("reload");
    list.remove("https://a.example/feed").expect("remove");
    list.save().expect("save");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "https://mine.example/feed\n"
    );
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["feeds"]);
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempdir();
    let path = feeds_file(dir.path(), "https://secret.example/feed?token=1\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut list = Subscriptions::load(&path).unwrap();
    list.add(Subscription {
        url: "https://b.example/".into(),
        name: None,
        tags: Vec::new(),
        line: 0,
    });
    list.save().unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// Feeds whose names and tags hold what XML and the feeds file must
/// escape.
fn awkward_feeds() -> Vec<Subscription> {
    let feed = |url: &str, name: Option<&str>, tags: &[&str]| Subscription {
        url: url.into(),
        name: name.map(Into::into),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        line: 0,
    };
    vec![
        feed(
            "https://a.example/feed?x=1&y=2",
            Some("Tom & Jerry's \"best\" <news>"),
            &["R&D", "two words"],
        ),
        feed(
            "https://b.example/日本.xml",
            Some("号外 — ニュース"),
            &["日本語"],
        ),
        feed("https://c.example/rss", None, &[]),
        feed("https://d.example/atom", Some("Only named"), &["R&D"]),
        feed("https://e.example/\"q\"", None, &["a<b>c"]),
    ]
}

#[test]
fn opml_round_trip_keeps_feeds_names_and_tags() {
    let feeds = awkward_feeds();
    let exported = opml::export(&feeds);
    assert!(
        exported.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
    );
    assert!(exported.contains("text=\"Tom &amp; Jerry&apos;s &quot;best&quot; &lt;news&gt;\""));
    let back = opml::parse(exported.as_bytes()).expect("parse");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let mut got = back.feeds;
    got.sort_by(|a, b| a.url.cmp(&b.url));
    let mut want = feeds;
    want.sort_by(|a, b| a.url.cmp(&b.url));
    assert_eq!(got, want);

    // Through the feeds file too: export, import into an empty list, save,
    // read back.
    let dir = tempdir();
    let path = dir.path().join("feeds");
    let mut list = Subscriptions::load(&path).unwrap();
    for feed in opml::parse(exported.as_bytes()).unwrap().feeds {
        assert!(list.add(feed));
    }
    list.save().unwrap();
    let mut read: Vec<Subscription> = Subscriptions::load(&path)
        .unwrap()
        .iter()
        .map(|f| Subscription {
            line: 0,
            ..f.clone()
        })
        .collect();
    read.sort_by(|a, b| a.url.cmp(&b.url));
    assert_eq!(read, want);
}

#[test]
fn opml_that_is_not_opml_or_not_xml_says_so() {
    let err = opml::parse(b"<rss version=\"2.0\"></rss>").expect_err("rss");
    assert_eq!(
        err.to_string(),
        "its root element is <rss>, not <opml>: not an OPML subscription list"
    );
    let err = opml::parse(b"<opml>\n<body>\n<outline></body></opml>").expect_err("broken");
    assert!(err.to_string().starts_with("3:"), "{err}");
}

// ------------------------------------------------------- the binary

/// A home of its own for each test: every XDG folder and `HOME` inside it.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Self {
        Self { dir: tempdir() }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn feeds_path(&self) -> PathBuf {
        self.path().join("config/gogai/feeds")
    }

    fn data_folder(&self) -> PathBuf {
        self.path().join("data/gogai/articles")
    }

    fn gogai(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gogai"));
        let cwd = self.path().join("cwd");
        std::fs::create_dir_all(&cwd).unwrap();
        cmd.args(args)
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_CACHE_HOME", self.path().join("cache"))
            .env_remove("GOGAI_DIR")
            .current_dir(cwd)
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Ran {
        let out = self.gogai(args).output().expect("run gogai");
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8"),
        }
    }
}

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Ran {
    #[track_caller]
    fn code(self, want: i32) -> Self {
        assert_eq!(
            self.code,
            Some(want),
            "--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

#[test]
fn subscribe_and_unsubscribe_edit_the_feeds_file() {
    let home = Home::new();
    let out = home
        .run(&[
            "--subscribe",
            "https://lwn.net/headlines/rss",
            "--tag",
            "linux",
            "--tag",
            "news today",
            "--name",
            "LWN",
        ])
        .code(0);
    assert_eq!(
        out.stdout,
        format!(
            "created the feeds file {}\nsubscribed to LWN (https://lwn.net/headlines/rss); gogai --update fetches it\n",
            home.feeds_path().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(home.feeds_path()).unwrap(),
        "https://lwn.net/headlines/rss linux \"news today\" \"~LWN\"\n"
    );
    let out = home
        .run(&["--subscribe", "https://lwn.net/headlines/rss"])
        .code(0);
    assert_eq!(
        out.stdout,
        format!(
            "already subscribed to https://lwn.net/headlines/rss (in {})\n",
            home.feeds_path().display()
        )
    );
    home.run(&["--subscribe", "https://other.example/feed", "--name", "lwn"])
        .code(0);

    // Not a URL, not a file: a usage error, nothing written.
    let out = home.run(&["--subscribe", "ftp://x.example/feed"]).code(2);
    assert!(
        out.stderr.contains("is not an http(s) URL"),
        "{}",
        out.stderr
    );
    let out = home.run(&["--subscribe", "no-such-file.xml"]).code(2);
    assert!(
        out.stderr
            .contains("\"no-such-file.xml\" is neither an http(s) URL nor an existing feed file"),
        "{}",
        out.stderr
    );

    // Two feeds called lwn (names ignore case): both listed, none removed.
    let out = home.run(&["--unsubscribe", "LWN"]).code(2);
    assert!(
        out.stderr.contains("\"LWN\" names 2 feeds"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("  https://lwn.net/headlines/rss\n"));
    assert!(out.stderr.contains("  https://other.example/feed"));
    let out = home
        .run(&["--unsubscribe", "https://lwn.net/headlines/rss"])
        .code(0);
    assert_eq!(
        out.stdout,
        format!(
            "unsubscribed from LWN (https://lwn.net/headlines/rss); its articles stay in {}\n",
            home.data_folder().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(home.feeds_path()).unwrap(),
        "https://other.example/feed \"~lwn\"\n"
    );
    let out = home.run(&["--unsubscribe", "nothing"]).code(2);
    assert!(out.stderr.contains("no feed in"), "{}", out.stderr);
}

#[test]
fn a_feed_file_is_subscribed_by_its_absolute_path() {
    let home = Home::new();
    let feed = home.path().join("cwd/local.xml");
    std::fs::create_dir_all(feed.parent().unwrap()).unwrap();
    std::fs::write(&feed, "<rss version=\"2.0\"><channel/></rss>").unwrap();
    home.run(&["--subscribe", "local.xml"]).code(0);
    let canonical = feed.canonicalize().unwrap();
    assert_eq!(
        std::fs::read_to_string(home.feeds_path()).unwrap(),
        format!("{}\n", canonical.display())
    );
}

#[test]
fn feeds_lists_counts_and_fetch_state() {
    let home = Home::new();
    std::fs::create_dir_all(home.feeds_path().parent().unwrap()).unwrap();
    std::fs::write(
        home.feeds_path(),
        "# mine\nhttps://a.example/feed news \"~Alpha News\"\nhttps://b.example/rss\nquery:x:y\n",
    )
    .unwrap();
    // Three articles of Alpha News, one of them read; one of no feed.
    let data = home.data_folder();
    std::fs::create_dir_all(&data).unwrap();
    for (id, feed) in [
        ("a1", Some("https://a.example/feed")),
        ("a2", Some("https://a.example/feed")),
        ("a3", Some("https://a.example/feed")),
        ("mine", None),
    ] {
        let mut article = serde_json::json!({"title": format!("Title {id}"), "body": "Text."});
        if let Some(feed) = feed {
            article["feed"] = feed.into();
        }
        std::fs::write(data.join(format!("{id}.json")), article.to_string()).unwrap();
    }
    // The state store, from an export: a1 read, b fetched and failed.
    let export = serde_json::json!({
        "version": 2,
        "articles": {"a1": {"read": true}},
        "feeds": [
            {"url": "https://b.example/rss", "fetched_at": 1_000_000_000u64, "status": 503,
             "error": "503 Service Unavailable"}
        ]
    });
    let state_dir = home.path().join("state/gogai");
    std::fs::create_dir_all(&state_dir).unwrap();
    std::fs::write(state_dir.join("state.json"), export.to_string()).unwrap();

    let out = home.run(&["--feeds"]).code(0);
    assert_eq!(
        out.stdout,
        "FEED                   TAGS  ARTICLES  UNREAD  LAST FETCHED          STATUS                          NEXT DUE\n\
         Alpha News             news         3       2  never                 -                               due now\n\
         https://b.example/rss               0       0  2001-09-09 01:46 UTC  error: 503 Service Unavailable  due now\n"
    );
    assert!(
        out.stderr.contains(":4: a newsboat query feed"),
        "{}",
        out.stderr
    );

    let out = home.run(&["--feeds", "--json"]).code(0);
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(rows[0]["url"], "https://a.example/feed");
    assert_eq!(rows[0]["name"], "Alpha News");
    assert_eq!(rows[0]["tags"], serde_json::json!(["news"]));
    assert_eq!(rows[0]["articles"], 3);
    assert_eq!(rows[0]["unread"], 2);
    assert_eq!(rows[0]["last_fetched"], serde_json::Value::Null);
    assert_eq!(rows[1]["last_fetched"], 1_000_000_000u64);
    assert_eq!(rows[1]["status"], 503);
    assert_eq!(rows[1]["error"], "503 Service Unavailable");
    assert_eq!(rows[1]["next_due"], serde_json::Value::Null);
}

#[test]
fn feeds_with_no_feeds_file_says_how_to_subscribe() {
    let home = Home::new();
    let out = home.run(&["--feeds"]).code(0);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("subscribe with gogai --subscribe URL"));
    let out = home.run(&["--feeds", "--json"]).code(0);
    assert_eq!(out.stdout, "[]\n");
}

#[test]
fn import_opml_reports_and_skips_what_is_there() {
    let home = Home::new();
    home.run(&["--subscribe", "https://a.example/feed"]).code(0);
    let file = home.path().join("subs.opml");
    std::fs::write(
        &file,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Exported</title></head>
  <body>
    <outline text="Tech" title="Tech">
      <outline text="Rust">
        <outline type="rss" text="This Week in Rust" xmlUrl="https://this-week-in-rust.org/rss.xml"/>
      </outline>
      <outline type="rss" text="A" xmlUrl="https://a.example/feed"/>
    </outline>
    <outline type="rss" text="Mail" xmlUrl="mailto:x@example.com"/>
  </body>
</opml>
"#,
    )
    .unwrap();
    let out = home.run(&["--import-opml", file.to_str().unwrap()]).code(0);
    let shown = file.display();
    assert_eq!(
        out.stdout,
        format!(
            "warning {shown}:11: \"mailto:x@example.com\" is not an http(s) URL; left out\n\
             added   https://this-week-in-rust.org/rss.xml \"This Week in Rust\" [Tech, Rust]\n\
             skipped https://a.example/feed: already subscribed\n\
             1 feed added, 1 skipped as already subscribed, 1 warning; feeds file {}\n\
             gogai --update fetches them\n",
            home.feeds_path().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(home.feeds_path()).unwrap(),
        "https://a.example/feed\nhttps://this-week-in-rust.org/rss.xml Tech Rust \"~This Week in Rust\"\n"
    );

    // Not there, or not OPML: exit 1, said once.
    let out = home.run(&["--import-opml", "missing.opml"]).code(1);
    assert!(
        out.stdout.starts_with("failed  missing.opml: cannot read:"),
        "{}",
        out.stdout
    );
    std::fs::write(home.path().join("cwd/feed.xml"), "<rss version=\"2.0\"/>").unwrap();
    let out = home.run(&["--import-opml", "feed.xml"]).code(1);
    assert!(
        out.stdout
            .contains("feed.xml: its root element is <rss>, not <opml>"),
        "{}",
        out.stdout
    );
}

#[test]
fn export_then_import_into_an_empty_home_gives_the_same_feeds() {
    let one = Home::new();
    let mut list = Subscriptions::load(&one.feeds_path()).unwrap();
    for feed in awkward_feeds() {
        list.add(feed);
    }
    list.save().unwrap();
    let exported = one.run(&["--export-opml"]).code(0).stdout;
    assert_eq!(exported, opml::export(&awkward_feeds()));

    let two = Home::new();
    let file = two.path().join("export.opml");
    std::fs::write(&file, &exported).unwrap();
    two.run(&["--import-opml", file.to_str().unwrap()]).code(0);
    let mut got: Vec<Subscription> = Subscriptions::load(&two.feeds_path())
        .unwrap()
        .iter()
        .map(|f| Subscription {
            line: 0,
            ..f.clone()
        })
        .collect();
    got.sort_by(|a, b| a.url.cmp(&b.url));
    let mut want = awkward_feeds();
    want.sort_by(|a, b| a.url.cmp(&b.url));
    assert_eq!(got, want);
}

#[test]
fn an_opml_file_given_to_import_says_what_to_run() {
    let home = Home::new();
    let file = home.path().join("cwd/subscriptions.opml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head/><body>\
         <outline text=\"a\" xmlUrl=\"https://a.example/feed\"/></body></opml>\n",
    )
    .unwrap();
    let out = home
        .run(&["--dir", "news", "--import", "subscriptions.opml"])
        .code(2);
    assert_eq!(
        out.stdout,
        "failed  subscriptions.opml is an OPML subscription list, not articles: run gogai --import-opml subscriptions.opml\n\
         0 articles added, 0 skipped as already there; 1 of 1 source failed (OPML subscription list)\n"
    );
}

#[test]
fn with_no_folder_given_articles_go_to_the_data_folder_and_the_welcome_shows_until_then() {
    let home = Home::new();
    // Nothing there yet: the bundled articles, as a welcome.
    let out = home.run(&["--check"]).code(0);
    assert!(
        out.stdout.starts_with(
            "welcome articles — subscribe with gogai --subscribe URL: 2 files checked"
        ),
        "{}",
        out.stdout
    );
    let feed = home.path().join("cwd/wire.xml");
    std::fs::create_dir_all(feed.parent().unwrap()).unwrap();
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Wire</title>\
         <item><title>Harbour wall</title><link>https://wire.example/1</link>\
         <description>The council approved it.</description></item></channel></rss>",
    )
    .unwrap();
    let out = home.run(&["--import", "wire.xml"]).code(0);
    assert!(
        out.stdout.starts_with(&format!(
            "creating the article folder {}\nadded   ",
            home.data_folder().display()
        )),
        "{}",
        out.stdout
    );
    let out = home.run(&["--list"]).code(0);
    assert!(out.stdout.contains("Harbour wall"), "{}", out.stdout);
    assert!(!out.stdout.contains("Microsoft"), "{}", out.stdout);
}
