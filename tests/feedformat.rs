//! Feeds read in every format, encoding and date form they come in: RSS
//! 0.90, Atom 0.3, `<rss>` without a version, RSS 1.0 items without a link,
//! Dublin Core titles and descriptions, the channel's date for undated
//! items, empty feeds, link-only items, UTF-16/32, a declared ISO-2022-JP,
//! unknown encoding names and loose dates. Fixtures are in
//! `tests/fixtures/feedformat/`, written for these tests (the places in
//! them do not exist).

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use gogai::article::Article;
use gogai::import::{self, Limits, Options, Summary};
use gogai::store::Bodies as _;
use gogai::store::library::{Library, LibrarySource};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feedformat");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// What an import of `sources` into a fresh folder reports and writes, as
/// the reader loads it back.
struct Imported {
    _dir: tempfile::TempDir,
    summary: Summary,
    report: String,
    articles: Vec<Article>,
}

fn import_paths(sources: &[String]) -> Imported {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let options = Options {
        dir: dir.path().join("news"),
        dry_run: false,
        limits: Limits::default(),
        index: None,
        lock_wait: import::LOCK_WAIT,
    };
    let mut out = Vec::new();
    let summary = import::run(sources, &options, &mut out).expect("the import runs");
    let report = String::from_utf8(out).expect("the report is UTF-8");
    let articles = if options.dir.exists() {
        let library = Library::load_dir(LibrarySource::Flag(options.dir.clone()), &options.dir)
            .expect("load the folder");
        assert_eq!(library.problems, vec![], "imported files must load cleanly");
        (0..library.articles.len())
            .map(|i| library.articles.open(i).expect("listed").into_owned())
            .collect()
    } else {
        Vec::new()
    };
    Imported {
        _dir: dir,
        summary,
        report,
        articles,
    }
}

fn imported(name: &str) -> Imported {
    import_paths(&[fixture(name)])
}

impl Imported {
    fn titled(&self, title: &str) -> &Article {
        self.articles
            .iter()
            .find(|a| a.title == title)
            .unwrap_or_else(|| panic!("no article titled {title:?} in\n{}", self.report))
    }

    fn clean(&self, added: usize) {
        assert_eq!(self.summary.added, added, "{}", self.report);
        assert_eq!(
            (self.summary.errors, self.summary.warnings),
            (0, 0),
            "{}",
            self.report
        );
        assert!(!self.summary.failed(), "{}", self.report);
    }
}

#[test]
fn rss_090_is_read() {
    let got = imported("rss090.rdf");
    got.clean(2);
    let lanterns = got.titled("Lamplighters vote to keep the old lanterns");
    assert_eq!(
        lanterns.url.as_deref(),
        Some("https://almanac.example/lanterns")
    );
    assert_eq!(lanterns.source.as_deref(), Some("Tidewater Almanac"));
}

#[test]
fn atom_03_is_read_with_its_dates_and_escaped_html() {
    let got = imported("atom03.xml");
    got.clean(2);
    let clock = got.titled("The clock tower runs again");
    assert_eq!(
        clock.url.as_deref(),
        Some("https://quillfield.example/clock")
    );
    // `issued`, in its own zone, made UTC.
    assert_eq!(clock.published.as_deref(), Some("2004-02-28T14:00:00Z"));
    assert_eq!(clock.author.as_deref(), Some("Ada Quill"));
    // `mode="escaped"` HTML becomes text, not tags.
    assert_eq!(
        clock.body,
        ["After forty years the clock strikes the hour."]
    );
    let bakery = got.titled("Bakery wins the spring fair");
    assert_eq!(bakery.body, ["The rye loaf took first prize."]);
}

#[test]
fn an_rss_without_a_version_is_read_as_rss_2() {
    let got = imported("rss-noversion.xml");
    got.clean(2);
    assert_eq!(
        got.titled("Heron count reaches a record")
            .published
            .as_deref(),
        Some("2002-09-07T10:00:00Z")
    );
}

#[test]
fn rss_1_items_without_a_link_and_dublin_core_fields_are_kept() {
    let got = imported("rss1-gaps.rdf");
    got.clean(3);
    let about = got.titled("An item known by its rdf:about");
    assert_eq!(
        about.url.as_deref(),
        Some("https://fenwick.example/about-only")
    );
    let bare = got.titled("An item with no address at all");
    assert_eq!(bare.url, None, "the placeholder link is not a url");
    assert_eq!(
        bare.body,
        ["Neither a link nor an about, but text worth keeping."]
    );
    let dc = got.titled("Titled only in Dublin Core");
    assert_eq!(dc.body, ["Described only in Dublin Core, too."]);
    // Undated items take the channel's dc:date.
    for article in &got.articles {
        assert_eq!(
            article.published.as_deref(),
            Some("2003-05-06T07:08:09Z"),
            "{}",
            article.title
        );
    }
}

#[test]
fn rss_2_items_with_dublin_core_title_and_description_and_the_channel_date() {
    let got = imported("rss2-dc.xml");
    got.clean(1);
    let cider = got.titled("Cider press opens for the season");
    assert_eq!(
        cider.body,
        ["The press runs every Saturday until the frost."]
    );
    assert_eq!(cider.published.as_deref(), Some("2011-10-12T06:00:00Z"));
}

#[test]
fn a_well_formed_feed_without_items_is_a_note_not_a_failure() {
    let got = imported("empty.xml");
    assert_eq!(
        (got.summary.added, got.summary.errors),
        (0, 0),
        "{}",
        got.report
    );
    assert!(!got.summary.failed(), "{}", got.report);
    assert!(
        got.report
            .contains("empty.xml: the feed has no items; it is well-formed"),
        "{}",
        got.report
    );
}

#[test]
fn items_with_only_a_link_are_kept_with_the_link_as_text() {
    let got = imported("link-only.xml");
    got.clean(2);
    let titled = got.titled("A title and a link, nothing else");
    assert_eq!(titled.body, ["https://bookmarks.example/one"]);
    let bare = got.titled("https://bookmarks.example/two");
    assert_eq!(bare.url.as_deref(), Some("https://bookmarks.example/two"));
    assert_eq!(bare.body, ["https://bookmarks.example/two"]);
}

#[test]
fn loose_dates_and_zone_names_are_read_and_an_unreadable_one_is_told() {
    let got = imported("dates.xml");
    assert_eq!(got.summary.added, 8, "{}", got.report);
    let date = |title: &str| got.titled(title).published.clone();
    assert_eq!(
        date("Space between").as_deref(),
        Some("2002-09-07T00:00:01Z")
    );
    assert_eq!(date("No zone").as_deref(), Some("2002-09-07T00:00:01Z"));
    assert_eq!(date("No seconds").as_deref(), Some("2002-09-07T00:00:00Z"));
    assert_eq!(date("Basic form").as_deref(), Some("2002-09-07T00:00:01Z"));
    assert_eq!(date("Date alone").as_deref(), Some("2002-09-07T00:00:00Z"));
    assert_eq!(
        date("Summer time in Berlin").as_deref(),
        Some("2002-09-07T00:00:01Z")
    );
    assert_eq!(
        date("Pacific daylight").as_deref(),
        Some("2002-09-07T00:00:01Z")
    );
    assert_eq!(date("Unreadable"), None);
    assert_eq!(got.summary.warnings, 1, "{}", got.report);
    assert!(
        got.report.contains(&format!(
            "warning {}: item 8: the date \"the day after the fair\" cannot be read",
            fixture("dates.xml")
        )),
        "{}",
        got.report
    );
}

type Encode = fn(&str) -> Vec<u8>;

/// The text of `rss-noversion.xml` in a wide encoding, with or without its
/// byte-order mark.
fn wide(encode: Encode, mark: &[u8]) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture("rss-noversion.xml"))
        .expect("read the fixture")
        .replace("UTF-8", "UTF-16")
        .replace("Heron count", "Héron count ☂");
    [mark, &encode(&text)].concat()
}

#[test]
fn utf_16_and_utf_32_feeds_are_read_with_or_without_a_mark() {
    let le16: Encode = |s| s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be16: Encode = |s| s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le32: Encode = |s| s.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
    let be32: Encode = |s| s.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
    let work = tempfile::tempdir().expect("a temporary folder");
    let cases: [(&str, Encode, &[u8]); 8] = [
        ("le16", le16, &[]),
        ("le16-bom", le16, &[0xff, 0xfe]),
        ("be16", be16, &[]),
        ("be16-bom", be16, &[0xfe, 0xff]),
        ("le32", le32, &[]),
        ("le32-bom", le32, &[0xff, 0xfe, 0, 0]),
        ("be32", be32, &[]),
        ("be32-bom", be32, &[0, 0, 0xfe, 0xff]),
    ];
    for (name, encode, mark) in cases {
        let path = work.path().join(format!("{name}.xml"));
        std::fs::write(&path, wide(encode, mark)).expect("write");
        let got = import_paths(&[path.display().to_string()]);
        got.clean(2);
        let heron = got.titled("Héron count ☂ reaches a record");
        assert_eq!(
            heron.url.as_deref(),
            Some("https://marsh.example/herons"),
            "{name}"
        );
    }
}

#[test]
fn a_declared_iso_2022_jp_is_honoured() {
    let got = imported("iso-2022-jp.xml");
    got.clean(1);
    let article = got.titled("灯台の修理が終わりました");
    assert_eq!(article.source.as_deref(), Some("港町だより"));
    assert_eq!(article.body, ["来週から夜も灯ります。"]);
}

#[test]
fn an_unknown_encoding_name_gets_its_own_warning() {
    let got = imported("unknown-encoding.xml");
    assert_eq!(
        (got.summary.added, got.summary.warnings),
        (1, 1),
        "{}",
        got.report
    );
    assert!(
        got.report.contains(
            "declares the encoding \"x-tidewater-7\", which gogai cannot decode; read as UTF-8"
        ),
        "{}",
        got.report
    );
    assert!(!got.report.contains("not valid UTF-8"), "{}", got.report);
    got.titled("Café opens");
}

#[test]
fn the_binary_imports_the_old_formats() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let state = work.path().join("state");
    let out = Command::new(env!("CARGO_BIN_EXE_gogai"))
        .current_dir(work.path())
        .env("XDG_STATE_HOME", &state)
        .env("XDG_DATA_HOME", state.join("data"))
        .env("XDG_CONFIG_HOME", state.join("config"))
        .env("XDG_CACHE_HOME", work.path().join("cache"))
        .env_remove("GOGAI_DIR")
        .stdin(Stdio::null())
        .arg("--dir")
        .arg(work.path().join("news"))
        .arg("--import")
        .args(["rss090.rdf", "atom03.xml", "rss-noversion.xml", "dates.xml"].map(fixture))
        .output()
        .expect("run gogai");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with(
            "14 articles added, 0 skipped as already there, 1 warning; 0 of 4 sources failed\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"The clock tower runs again\""),
        "{stdout}"
    );
    let written = std::fs::read_dir(work.path().join("news"))
        .expect("the folder")
        .count();
    assert_eq!(written, 14);
    assert!(Path::new(&work.path().join("news")).is_dir());
}

/// A feed of `n` items in ISO-8859-1, one of them broken and a comment that
/// looks like an item, written for the streaming tests.
fn archive(n: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\">\n<channel>\n\
         <title>Archive of Nowhere</title>\n<link>https://archive.example/</link>\n\
         <!-- <item><title>not an item</title></item> -->\n",
    );
    for i in 1..=n {
        if i == 3 {
            // Its <title> is never closed.
            xml.push_str("<item><title>Broken<link>https://archive.example/3</link></item>\n");
            continue;
        }
        let _ = writeln!(
            xml,
            "<item><title>Entrée {i}</title><link>https://archive.example/{i}</link>\
             <pubDate>2002-09-07 00:00:{:02}</pubDate>\
             <description><![CDATA[<p>Café notes, part {i}: <a href=\"/ref/{i}\">ref</a></p>]]></description></item>",
            i % 60
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&xml);
    bytes.into_owned()
}

fn import_with_cap(path: &Path, cap: u64) -> (Summary, String, Vec<Article>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let options = Options {
        dir: dir.path().join("news"),
        dry_run: false,
        limits: Limits {
            max_bytes: cap,
            ..Limits::default()
        },
        index: None,
        lock_wait: import::LOCK_WAIT,
    };
    let mut out = Vec::new();
    let summary =
        import::run(&[path.display().to_string()], &options, &mut out).expect("the import runs");
    let library = Library::load_dir(LibrarySource::Flag(options.dir.clone()), &options.dir)
        .expect("load the folder");
    assert_eq!(library.problems, vec![]);
    let mut articles: Vec<Article> = (0..library.articles.len())
        .map(|i| library.articles.open(i).expect("listed").into_owned())
        .collect();
    articles.sort_by(|a, b| a.url.cmp(&b.url));
    // Where each landed differs between the two folders; nothing else may.
    for article in &mut articles {
        article.file = String::new();
    }
    (summary, String::from_utf8(out).expect("UTF-8"), articles)
}

#[test]
fn a_feed_file_over_the_cap_is_streamed_and_gives_what_reading_it_whole_gives() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let path = work.path().join("archive.xml");
    let bytes = archive(300);
    std::fs::write(&path, &bytes).expect("write");
    assert!(bytes.len() > 40_000);

    let (whole, whole_report, whole_articles) = import_with_cap(&path, 1 << 30);
    let (streamed, report, articles) = import_with_cap(&path, 4096);
    assert!(!report.contains("larger"), "not refused: {report}");
    assert_eq!(streamed.added, 299, "{report}");
    assert_eq!(streamed.added, whole.added, "{whole_report}");
    assert_eq!(streamed.errors, 1, "{report}");
    assert!(
        report.contains("archive.xml:9:7: item 3 is malformed (<title> is not closed"),
        "the broken item is named where its unclosed tag opens: {report}"
    );
    assert!(
        whole_report.contains("archive.xml:9:7: item 3 is malformed (<title> is not closed"),
        "{whole_report}"
    );
    assert!(!report.contains("not an item"), "{report}");
    assert_eq!(
        articles.iter().map(|a| &a.title).collect::<Vec<_>>(),
        whole_articles.iter().map(|a| &a.title).collect::<Vec<_>>()
    );
    let last = articles
        .iter()
        .find(|a| a.title == "Entrée 300")
        .expect("the last item");
    assert_eq!(last.source.as_deref(), Some("Archive of Nowhere"));
    assert_eq!(last.published.as_deref(), Some("2002-09-07T00:00:00Z"));
    assert_eq!(last.body, ["Café notes, part 300: ref [1]"]);
    assert_eq!(last.links, ["https://archive.example/ref/300"]);
    assert!(
        articles == whole_articles,
        "streamed and whole imports differ"
    );
}

#[test]
fn a_malformed_old_feed_is_still_read_item_by_item_in_its_new_form() {
    let got = imported("atom03-broken.xml");
    assert_eq!(got.summary.added, 2, "{}", got.report);
    assert_eq!(got.summary.errors, 1, "{}", got.report);
    assert!(
        got.report
            .contains("atom03-broken.xml:13:26: item 2 is malformed"),
        "{}",
        got.report
    );
    assert!(
        got.report
            .contains("item 3: the date \"around noon\" cannot be read; left out"),
        "{}",
        got.report
    );
    let clock = got.titled("The clock tower runs again");
    assert_eq!(clock.published.as_deref(), Some("2004-02-28T14:00:00Z"));
    assert_eq!(clock.body, ["The clock strikes again."]);
    let market = got.titled("Market day moves to Thursday");
    assert_eq!(market.published, None);
    assert_eq!(market.body, ["Stalls open at eight."]);
}

#[test]
fn an_unreadable_channel_date_is_told_once() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let path = work.path().join("channel-date.xml");
    std::fs::write(
        &path,
        "<rss version=\"2.0\"><channel><title>Almanac</title><pubDate>when the tide turns</pubDate>\
         <item><title>One</title><link>https://almanac.example/1</link><description>a</description></item>\
         <item><title>Two</title><link>https://almanac.example/2</link><description>b</description></item>\
         </channel></rss>",
    )
    .expect("write");
    let got = import_paths(&[path.display().to_string()]);
    assert_eq!(
        (got.summary.added, got.summary.warnings),
        (2, 1),
        "{}",
        got.report
    );
    assert!(
        got.report
            .contains("the feed's date \"when the tide turns\" cannot be read; left out"),
        "{}",
        got.report
    );
    assert!(got.articles.iter().all(|a| a.published.is_none()));
}

#[test]
fn a_declared_utf_7_is_honoured() {
    let got = imported("utf-7.xml");
    got.clean(1);
    let article = got.titled("Crêpes + cidre, ce samedi ☀");
    assert_eq!(article.source.as_deref(), Some("Crêpe Corner"));
    assert_eq!(article.body, ["Une fête sur le quai — venez nombreux."]);
}

#[test]
fn a_streamed_feed_tells_an_encoding_guess_once() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let path = work.path().join("undeclared.xml");
    // Latin-1 bytes with no declaration: read as Windows-1252, said once.
    let bytes = archive(100);
    let text = String::from_utf8_lossy(&bytes).replace(" encoding=\"ISO-8859-1\"", "");
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| if c == '\u{fffd}' { 0xe9 } else { c as u8 })
        .collect();
    std::fs::write(&path, &bytes).expect("write");
    let (summary, report, articles) = import_with_cap(&path, 4096);
    assert_eq!(summary.added, 99, "{report}");
    assert_eq!(summary.warnings, 1, "{report}");
    assert!(report.contains("not valid UTF-8 (byte 0xe9)"), "{report}");
    assert!(articles.iter().any(|a| a.title == "Entrée 42"), "{report}");
}
