//! The folder followed while the reader runs: files added, deleted and
//! edited by someone else show without a key press, through the real
//! workers (the watcher, the folder check, the search index's worker) and
//! a real folder. Nothing here waits on a clock: each test waits for what
//! it expects to see, with a generous deadline that only stops a broken
//! build from hanging.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gogai::action::Action;
use gogai::app::{App, Effect, Message, WatchMode};
use gogai::search::Query;
use gogai::search::stored::Indexer;
use gogai::store::library::{Library, LibrarySource};
use gogai::store::listing::Scan;
use gogai::workers::{Event, Workers};
use ratatui::crossterm::event::KeyCode;
use serde_json::json;

const DEADLINE: Duration = Duration::from_secs(60);

fn write_article(dir: &Path, file: &str, id: &str, title: &str, body: &[String]) {
    let article = json!({
        "id": id,
        "title": title,
        "published": "2025-01-02T03:04:05Z",
        "body": body,
    });
    std::fs::write(dir.join(file), article.to_string()).expect("write an article");
}

/// Writes it an hour old, as a file that was there before the reader
/// started (the indexes trust only files that have settled).
fn write_old_article(dir: &Path, file: &str, id: &str, title: &str, body: &[String]) {
    write_article(dir, file, id, title, body);
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(dir.join(file))
        .and_then(|f| f.set_modified(hour_ago))
        .expect("date the article");
}

fn paragraphs(n: usize, word: &str) -> Vec<String> {
    (0..n)
        .map(|i| format!("Paragraph {i} tells of the {word}, at some length so it wraps."))
        .collect()
}

struct Folder {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    index: PathBuf,
    db: PathBuf,
}

/// A folder of three articles, listed once so its metadata index exists.
fn folder() -> Folder {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join("news");
    std::fs::create_dir(&dir).expect("the folder");
    for (file, id, title) in [
        ("a.json", "a", "Harbour reopens"),
        ("b.json", "b", "Volcano quiet"),
        ("c.json", "c", "Tram line opens"),
    ] {
        write_old_article(&dir, file, id, title, &paragraphs(40, "harbour"));
    }
    let index = tmp.path().join("news.idx");
    let db = tmp.path().join("news.search.sqlite");
    Library::load_dir_indexed(LibrarySource::Flag(dir.clone()), &dir, &index).expect("list it");
    Folder {
        _tmp: tmp,
        dir,
        index,
        db,
    }
}

/// A reader started as `gogai --dir` starts one: from the metadata index,
/// the folder checked behind the first frame, watched `mode`, searching
/// through the stored index.
fn reader(f: &Folder, mode: WatchMode) -> (App, Workers) {
    let origin = LibrarySource::Flag(f.dir.clone());
    let library = Library::load_cached(origin, &f.dir, &f.index).expect("the cached list");
    let mut app = common::app_of(library, 120, 40);
    app.check_folder();
    app.use_search_store(f.dir.clone(), f.db.clone());
    app.watch_folder(mode);
    let mut workers = Workers::new();
    if mode != WatchMode::Off {
        pump(&mut app, &mut workers, "the folder is watched", |app| {
            app.watching().is_some()
        });
    }
    (app, workers)
}

/// Hands the app's effects to the workers and their news back, as the
/// event loop does, until `done` holds.
fn pump(app: &mut App, workers: &mut Workers, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + DEADLINE;
    loop {
        while let Some(effect) = app.take_effect() {
            match effect {
                Effect::Check => {
                    if let Err(e) = workers.check(app.library()) {
                        app.update(Message::Checked(Err(e.to_string())));
                    }
                }
                Effect::Watch(job) => workers.watch(job).expect("watch"),
                Effect::Store(job) => workers.store(job).expect("start the store"),
                Effect::Ask(ask) => workers.ask(ask).expect("ask the store"),
                Effect::Facts(job) => app.update(Message::FactsFound(Box::new(job.run()))),
                Effect::Read(job) => {
                    if let Some(read) = job.run(|| false) {
                        app.update(Message::ArticleRead(Box::new(read)));
                    }
                }
                _ => {}
            }
        }
        if done(app) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "waited {DEADLINE:?} for {what}; the screen:\n{}",
            common::screen(app)
        );
        if let Some(message) = workers
            .recv_timeout(Duration::from_millis(50))
            .and_then(Event::into_message)
        {
            app.update(message);
        }
    }
}

fn listed(app: &App) -> Vec<String> {
    common::list_ids(app)
}

fn body(app: &App) -> String {
    app.article().map(|a| a.body.join("\n")).unwrap_or_default()
}

#[test]
fn an_article_added_from_outside_appears_without_a_key_press() {
    let f = folder();
    let (mut app, mut workers) = reader(&f, WatchMode::default());
    write_article(
        &f.dir,
        "d.json",
        "d",
        "Ferry strike ends",
        &paragraphs(3, "ferry"),
    );
    pump(&mut app, &mut workers, "the new article", |app| {
        listed(app).contains(&"d".to_owned())
    });
    assert!(common::screen(&app).contains("Ferry strike ends"));
    assert!(
        app.status()
            .is_some_and(|s| s.contains("the folder changed: 4 articles (was 3)")),
        "{:?}",
        app.status()
    );
    // The search finds it too: the store's worker followed the folder.
    common::press(&mut app, KeyCode::Char('/'));
    for c in "ferry".chars() {
        app.update(Action::Insert(c));
    }
    pump(&mut app, &mut workers, "the search to find it", |app| {
        listed(app) == ["d"] && app.reading().is_none()
    });
    assert_eq!(app.library().articles.len(), 4);
    workers.shutdown(Duration::from_secs(5));
}

#[test]
fn the_open_article_deleted_from_outside_says_it_is_gone() {
    let f = folder();
    let (mut app, mut workers) = reader(&f, WatchMode::default());
    let open = listed(&app)[1].clone();
    common::press(&mut app, KeyCode::Char('j'));
    common::press(&mut app, KeyCode::Enter);
    assert_eq!(app.article().map(|a| a.id.clone()), Some(open.clone()));
    std::fs::remove_file(f.dir.join(format!("{open}.json"))).expect("delete it");
    pump(&mut app, &mut workers, "the article to be gone", |app| {
        !listed(app).contains(&open)
    });
    let said = body(&app);
    assert!(said.contains("This article is gone"), "{said}");
    assert!(said.contains(&format!("{open}.json")), "{said}");
    assert!(common::screen(&app).contains("This article is gone"));
    assert!(
        app.status()
            .is_some_and(|s| s.contains("was removed from it")),
        "{:?}",
        app.status()
    );
    // The list stayed where it was, and Enter opens what is selected now.
    common::press(&mut app, KeyCode::Esc);
    common::press(&mut app, KeyCode::Enter);
    let selected = app.selected_article().map(|a| a.id().to_owned());
    assert_eq!(app.article().map(|a| a.id.clone()), selected);
    assert!(!body(&app).contains("This article is gone"));
    workers.shutdown(Duration::from_secs(5));
}

#[test]
fn the_open_article_edited_from_outside_shows_its_new_text_in_place() {
    let f = folder();
    let (mut app, mut workers) = reader(&f, WatchMode::default());
    let open = listed(&app)[0].clone();
    common::press(&mut app, KeyCode::Enter);
    for _ in 0..10 {
        common::press(&mut app, KeyCode::Char('j'));
    }
    let top = app.reader_top();
    assert!(top > 0, "scrolled");
    let title = app.article().map(|a| a.title.clone()).expect("open");
    write_article(
        &f.dir,
        &format!("{open}.json"),
        &open,
        &title,
        &paragraphs(40, "lighthouse"),
    );
    pump(&mut app, &mut workers, "the new text", |app| {
        body(app).contains("lighthouse")
    });
    assert!(!body(&app).contains("harbour"));
    assert_eq!(app.reader_top(), top, "the reading position is kept");
    assert!(common::screen(&app).contains("lighthouse"));
    workers.shutdown(Duration::from_secs(5));
}

#[test]
fn the_open_article_rewritten_slowly_comes_back_where_it_was() {
    // A file rewritten in place is empty for a moment (a shell's `>`,
    // then a slow program): the reader says so, and takes the article
    // back at the same place once it is whole.
    let f = folder();
    let (mut app, mut workers) = reader(&f, WatchMode::default());
    let open = listed(&app)[0].clone();
    common::press(&mut app, KeyCode::Enter);
    for _ in 0..10 {
        common::press(&mut app, KeyCode::Char('j'));
    }
    let top = app.reader_top();
    let title = app.article().map(|a| a.title.clone()).expect("open");
    let file = f.dir.join(format!("{open}.json"));
    std::fs::write(&file, "").expect("truncate it");
    pump(&mut app, &mut workers, "the note", |app| {
        body(app).contains("cannot be read from its file")
    });
    assert!(!listed(&app).contains(&open));
    write_article(
        &f.dir,
        &format!("{open}.json"),
        &open,
        &title,
        &paragraphs(40, "lighthouse"),
    );
    pump(&mut app, &mut workers, "the article back", |app| {
        body(app).contains("lighthouse")
    });
    assert_eq!(
        app.selected_article().map(|a| a.id().to_owned()),
        Some(open)
    );
    assert_eq!(app.reader_top(), top, "the reading position is kept");
    workers.shutdown(Duration::from_secs(5));
}

#[test]
fn a_folder_that_cannot_be_watched_is_looked_at_now_and_then() {
    let f = folder();
    let (mut app, mut workers) = reader(&f, WatchMode::Poll(Duration::from_millis(100)));
    assert!(
        app.watching()
            .is_some_and(|w| w.contains("looking every 0.1 s")),
        "{:?}",
        app.watching()
    );
    write_article(
        &f.dir,
        "d.json",
        "d",
        "Ferry strike ends",
        &paragraphs(3, "ferry"),
    );
    pump(&mut app, &mut workers, "the new article", |app| {
        listed(app).contains(&"d".to_owned())
    });
    std::fs::remove_file(f.dir.join("a.json")).expect("delete one");
    pump(&mut app, &mut workers, "the deleted article to go", |app| {
        !listed(app).contains(&"a".to_owned())
    });
    workers.shutdown(Duration::from_secs(5));
}

#[test]
fn an_article_whose_file_vanished_says_so_when_opened() {
    // No watcher: the list still has it when it is opened.
    let f = folder();
    let origin = LibrarySource::Flag(f.dir.clone());
    let library = Library::load_cached(origin, &f.dir, &f.index).expect("the cached list");
    let mut app = common::app_of(library, 120, 40);
    let second = listed(&app)[1].clone();
    std::fs::remove_file(f.dir.join(format!("{second}.json"))).expect("delete it");
    common::press(&mut app, KeyCode::Char('j'));
    common::press(&mut app, KeyCode::Enter);
    let said = body(&app);
    assert!(
        said.contains("could not be read again from") && said.contains(&format!("{second}.json")),
        "{said}"
    );
    assert!(said.contains("Press r to reload the folder"), "{said}");
}

// ----- the folder listed once at start -----

#[test]
fn the_search_index_plans_from_the_listing_it_is_handed() {
    let f = folder();
    let library = Library::load_dir_indexed(LibrarySource::Flag(f.dir.clone()), &f.dir, &f.index)
        .expect("list it")
        .0;
    // The folder as a check saw it, before a file was added: an index
    // that plans from it does not see that file, which shows it did not
    // list the folder again.
    let scan = Arc::new(Scan::read(&f.dir).expect("scan"));
    write_old_article(
        &f.dir,
        "d.json",
        "d",
        "Ferry strike ends",
        &paragraphs(3, "ferry"),
    );
    let (mut indexer, _) = Indexer::open(&f.db, &f.dir, &library.articles).expect("open");
    indexer.plan_from(Arc::clone(&scan));
    while indexer.step().expect("a step") {}
    assert_eq!(indexer.files_read(), 3);
    // Another folder's listing is not taken.
    let other = tempfile::tempdir().expect("another folder");
    let (mut indexer, _) = Indexer::open(&f.db, &f.dir, &library.articles).expect("open");
    indexer.plan_from(Arc::new(Scan::read(other.path()).expect("scan")));
    while indexer.step().expect("a step") {}
    assert_eq!(indexer.files_read(), 1, "d.json, found by its own listing");
    let found = indexer.search(&Query::parse("ferry")).expect("search");
    assert_eq!(found.pending, 0);
}

#[test]
fn at_start_the_search_index_waits_for_the_folder_check_and_then_answers() {
    // Started as the reader starts (the check first): the store's worker
    // plans from the check's listing; a search finds what the folder
    // holds, the file added since the last run included.
    let f = folder();
    write_old_article(
        &f.dir,
        "d.json",
        "d",
        "Ferry strike ends",
        &paragraphs(3, "ferry"),
    );
    let (mut app, mut workers) = reader(&f, WatchMode::Off);
    common::press(&mut app, KeyCode::Char('/'));
    for c in "ferry".chars() {
        app.update(Action::Insert(c));
    }
    pump(&mut app, &mut workers, "the search to find it", |app| {
        listed(app) == ["d"] && app.reading().is_none()
    });
    workers.shutdown(Duration::from_secs(5));
}
