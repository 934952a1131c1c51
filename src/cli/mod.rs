//! Command-line arguments and the choice of mode.

/// `println!` for the modes' output, through [`emit`]: a reader that went
/// away (`gogai --feeds | head -1`) ends the output quietly instead of a
/// panic, and a full disk is an error said once. Defined before the
/// submodules so that they can use it.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::emit(&format!("{}\n", format_args!($($arg)*)))?
    };
}

mod feeds;
pub mod output;
pub mod resolve;
mod shell;
mod update;

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;

use crate::app::App;
use crate::store::Bodies as _;
use crate::store::library::{Library, LibrarySource};
use crate::store::state::{self, ReadState};

/// gogai (号外): a terminal news reader that reads the article for you.
#[derive(Debug, Clone, Parser)]
#[command(name = "gogai", version, about, long_about = None)]
// One subscription mode at a time, and none with another mode.
#[command(group(
    clap::ArgGroup::new("feeds_mode")
        .multiple(false)
        .conflicts_with_all(["list", "print", "facts", "check", "article", "import", "export", "width", "dry_run"])
))]
// Each bool is a command-line flag; clap wants them as fields.
#[allow(clippy::struct_excessive_bools)]
pub struct Cli {
    /// Open the reader on this article: an id, a path to a file (gogai's
    /// .json, or text, Markdown, a web page or a feed, read as --import
    /// reads them but written nowhere), or a case-insensitive fragment of a
    /// title that matches exactly one article.
    #[arg(value_name = "ARTICLE")]
    pub article: Option<String>,

    /// Article folder (default: `$GOGAI_DIR`, else `./articles`, else
    /// `$XDG_DATA_HOME/gogai/articles`, where imports and feeds go; while
    /// that holds no article the bundled ones are shown as a welcome).
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,

    /// The state store: read and star marks, where you were (default:
    /// `$XDG_STATE_HOME/gogai/state.sqlite`). An older gogai's JSON state
    /// file, or an export, given here is migrated into a store once.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,

    /// Print what only the state store holds (read and star marks, where
    /// you were, the feeds' fetch state) as JSON, and exit.
    #[arg(long, conflicts_with_all = ["list", "print", "facts", "check", "article", "import", "json", "width"])]
    pub export: bool,

    /// The config file (default: `$XDG_CONFIG_HOME/gogai/config.toml`).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print the default settings as a commented config file to start
    /// from, and exit.
    #[arg(long, conflicts_with_all = ["list", "print", "facts", "check", "article", "import", "export", "update", "purge"])]
    pub print_config: bool,

    /// Print the list of articles and exit.
    #[arg(long, conflicts_with_all = ["print", "check", "article"])]
    pub list: bool,

    /// Print one article as plain text with its facts, and exit. The
    /// article may follow the flag or come anywhere as ARTICLE.
    // An optional value, so that `--print --json ID` reads as
    // `--print ID --json` does.
    #[arg(long, value_name = "ARTICLE", num_args = 0..=1, conflicts_with_all = ["check", "facts"])]
    pub print: Option<Option<String>>,

    /// Print only the facts of one article (curated, then found in the
    /// text), and exit. The article may follow the flag or come anywhere as
    /// ARTICLE.
    #[arg(long, value_name = "ARTICLE", num_args = 0..=1, conflicts_with_all = ["check", "list"])]
    pub facts: Option<Option<String>>,

    /// With --facts: under each fact, the rule that found it (to trace a
    /// wrong one); with --json, a `rule` field.
    #[arg(long)]
    pub explain: bool,

    /// Check every article file; print each problem as `file:line:column: message`.
    #[arg(long, conflicts_with = "article")]
    pub check: bool,

    /// With --list, --print or --facts: JSON instead of text.
    #[arg(long)]
    pub json: bool,

    /// With --print or --facts: wrap at this many columns (default 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(10..))]
    pub width: Option<u16>,

    /// Import feeds (files or http(s) URLs), text, Markdown or saved web
    /// pages into the article folder, and exit. Sources after `--` may
    /// start with `-`.
    // No values is allowed so that `--import -- -file` parses; `run` asks
    // for at least one source.
    #[arg(
        long,
        value_name = "SOURCE",
        num_args = 0..,
        conflicts_with_all = ["list", "print", "facts", "check", "article", "json", "width"]
    )]
    pub import: Option<Vec<String>>,

    /// What follows `--`: sources with `--import`, else the one article to
    /// open (so a name that starts with `-` can be given).
    #[arg(
        last = true,
        value_name = "SOURCE",
        hide = true,
        conflicts_with_all = ["list", "check", "article"]
    )]
    pub after_dashes: Vec<String>,

    /// With --import: say what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Subscribe to a feed (an http(s) URL or a feed file): add it to the
    /// feeds file (`$XDG_CONFIG_HOME/gogai/feeds`), and exit. Fetches
    /// nothing.
    #[arg(long, value_name = "URL", group = "feeds_mode")]
    pub subscribe: Option<String>,

    /// With --subscribe: a tag for the feed (may be given again).
    #[arg(long = "tag", value_name = "TAG", requires = "subscribe")]
    pub tags: Vec<String>,

    /// With --subscribe: the feed's name, shown instead of its URL.
    #[arg(long, value_name = "NAME", requires = "subscribe")]
    pub name: Option<String>,

    /// Remove the feed with this URL or name from the feeds file, and exit.
    /// Its articles stay in the folder.
    #[arg(long, value_name = "URL|NAME", group = "feeds_mode")]
    pub unsubscribe: Option<String>,

    /// List the subscribed feeds with their article and unread counts and
    /// fetch state, and exit (--json for scripts).
    #[arg(long, group = "feeds_mode")]
    pub feeds: bool,

    /// Subscribe to every feed of an OPML file (its folders become tags),
    /// and exit.
    #[arg(long, value_name = "FILE", group = "feeds_mode")]
    pub import_opml: Option<PathBuf>,

    /// Print the subscribed feeds as OPML 2.0, and exit.
    #[arg(long, group = "feeds_mode")]
    pub export_opml: bool,

    /// In the reader: refresh the feeds now, in the background, and again
    /// every MINUTES while it runs (as `R` does).
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub refresh_every: Option<u64>,

    /// Refresh every feed of the feeds file (`$XDG_CONFIG_HOME/gogai/feeds`)
    /// into the article folder, one line per feed, and exit.
    #[arg(
        long,
        conflicts_with_all = ["list", "print", "facts", "check", "article", "import", "export", "json", "width", "dry_run"]
    )]
    pub update: bool,

    /// With --update: fetch every feed now, even one fetched minutes ago,
    /// one a server asked to wait for, or one marked gone.
    #[arg(long, requires = "update")]
    pub force: bool,

    /// Remove the old read articles of feeds beyond the newest 200 per
    /// feed (starred and unread ones stay), say which, and exit.
    #[arg(
        long,
        conflicts_with_all = ["list", "print", "facts", "check", "article", "import", "export", "json", "width", "dry_run", "update"]
    )]
    pub purge: bool,

    /// Print a completion script for SHELL (bash, zsh, fish, elvish,
    /// powershell) to standard output, and exit.
    #[arg(long, value_name = "SHELL", exclusive = true)]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff, for `man`) to standard output, and exit.
    #[arg(long, exclusive = true)]
    pub man: bool,
}

/// A flag given without the mode it belongs to: the usage error.
fn misused_flags(cli: &Cli) -> Option<ExitCode> {
    if cli.json && !(cli.list || cli.print.is_some() || cli.facts.is_some()) {
        return Some(usage(
            "--json goes with --list, --print, --facts or --feeds",
        ));
    }
    if cli.explain && cli.facts.is_none() {
        return Some(usage("--explain goes with --facts"));
    }
    if cli.width.is_some() && cli.print.is_none() && cli.facts.is_none() {
        return Some(usage("--width goes with --print or --facts"));
    }
    if cli.refresh_every.is_some()
        && (cli.list || cli.check || cli.print.is_some() || cli.facts.is_some())
    {
        return Some(usage("--refresh-every goes with the reader"));
    }
    None
}

/// Starts reading the reader's marks on a second core, to be joined once
/// the list is loaded: with 100,000 of each, the two take about as long.
fn load_state_early(
    path: PathBuf,
) -> Option<std::thread::JoinHandle<Result<state::Loaded, state::StateError>>> {
    std::thread::Builder::new()
        .name("gogai-state".to_owned())
        .spawn(move || ReadState::load(&path))
        .ok()
}

/// `--check`, `--list`, `--print` and `--facts`: the modes that print from
/// the folder read; `None` for the reader.
fn printing(
    cli: &Cli,
    library: &mut Library,
    article: Option<&str>,
    state_path: Option<&Path>,
) -> Option<anyhow::Result<ExitCode>> {
    if cli.check {
        let (report, found) = output::check(library);
        return Some(emit(&report).map(|()| {
            if found {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }));
    }
    if cli.list {
        return Some(list(cli, library, state_path));
    }
    match to_print(cli, article) {
        Ok(Some((query, only_facts))) => Some(print_one(cli, library, query, only_facts)),
        Ok(None) => None,
        Err(usage) => Some(Ok(usage)),
    }
}

/// The article `--print` or `--facts` names, and whether only its facts
/// are wanted. It may follow the flag or stand anywhere as ARTICLE, so
/// `--facts --json ID` reads as `--facts ID --json` does.
fn to_print<'a>(
    cli: &'a Cli,
    article: Option<&'a str>,
) -> Result<Option<(&'a str, bool)>, ExitCode> {
    let Some((given, only_facts)) = cli
        .facts
        .as_ref()
        .map(|q| (q, true))
        .or(cli.print.as_ref().map(|q| (q, false)))
    else {
        return Ok(None);
    };
    let flag = if only_facts { "--facts" } else { "--print" };
    match (given.as_deref(), article) {
        (Some(query), None) | (None, Some(query)) => Ok(Some((query, only_facts))),
        (None, None) => Err(usage(&format!("{flag} needs an ARTICLE"))),
        (Some(_), Some(_)) => Err(usage(&format!("{flag} prints one ARTICLE"))),
    }
}

/// Exit status for "the article you named is not there (or not one)".
const NOT_FOUND: u8 = 2;

pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let settings = load_settings(cli);
    let (config, cli) = (settings.config.clone(), &configured(cli, &settings.config));
    if let Some(done) = without_articles(cli, &config) {
        return done;
    }
    let article = match cli.after_dashes.as_slice() {
        [] => cli.article.as_deref(),
        [one] => Some(one.as_str()),
        _ => return Ok(usage("only one ARTICLE can be opened")),
    };
    // --check validates every file itself; everything else may go through
    // the metadata index. The reader draws the list as that index last saw
    // it and checks the folder behind the first frame; a command that
    // prints reads the folder first.
    let reader = !(cli.check || cli.list || cli.facts.is_some() || cli.print.is_some());
    let state_path = cli.state.clone().or_else(state::default_path);
    let early_state = state_path
        .clone()
        .filter(|_| reader)
        .and_then(load_state_early);
    let (mut library, mut unchecked) =
        match reader.then(|| cached_library(cli.dir.as_deref())).flatten() {
            Some(cached) => (cached, true),
            None => (load_library(cli.dir.as_deref(), !cli.check)?, false),
        };

    if let Some(done) = printing(cli, &mut library, article, state_path.as_deref()) {
        return done;
    }

    let mut open = article.map(|q| resolve::find(&mut library, q));
    if unchecked && matches!(open, Some(Err(_))) {
        // Perhaps new since the last run: look in the folder itself.
        library = load_library(cli.dir.as_deref(), true)?;
        unchecked = false;
        open = article.map(|q| resolve::find(&mut library, q));
    }
    let open = match open {
        Some(Err(e)) => return Ok(not_found(&e)),
        found => found.and_then(Result::ok),
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal; for scripts use --list, --print ARTICLE or --check"
        );
    }
    let mut notices: Vec<String> = settings.problems.iter().map(ToString::to_string).collect();
    // When the state file cannot be read, nothing is saved over it; what
    // this run changes is kept beside it at the end (see `keep_unsaved`).
    let mut unreadable = None;
    let loaded = |path: &Path| match early_state {
        // A thread that panicked is a bug: loading again here shows it.
        Some(thread) => thread.join().unwrap_or_else(|_| ReadState::load(path)),
        None => ReadState::load(path),
    };
    let (mut read, save_to) = match state_path.as_deref().map(|p| (p, loaded(p))) {
        Some((path, Ok(loaded))) => {
            notices.extend(loaded.notice);
            (loaded.state, Some(path))
        }
        Some((path, Err(e))) => {
            notices.push(format!("{e}; read marks will not be saved there"));
            unreadable = Some((path, e));
            (ReadState::default(), None)
        }
        None => {
            notices.push(
                "no state folder ($XDG_STATE_HOME and $HOME unset); read marks will not be saved"
                    .into(),
            );
            (ReadState::default(), None)
        }
    };
    let listed_read = forget_old_marks(&mut read, &library);
    let mut app = reader_app(
        library,
        read,
        listed_read,
        unchecked,
        cli.refresh_every,
        config,
    );
    for notice in notices {
        app.update(crate::app::Message::Notice(notice));
    }
    if let Some(index) = open {
        app.update(crate::app::Message::OpenArticle(index));
    }
    let ended = crate::tui::run(&mut app, save_to)?;
    // A run whose marks could not be saved is not a success, whatever
    // ended it.
    if let Some((path, why)) = unreadable {
        keep_unsaved(&mut app, path, &why);
        return Ok(ExitCode::FAILURE);
    }
    Ok(match ended {
        crate::tui::Ended::Quit => ExitCode::SUCCESS,
        crate::tui::Ended::Unsaved => ExitCode::FAILURE,
        // The shell convention for "ended by signal N".
        crate::tui::Ended::Signal(sig) => ExitCode::from(u8::try_from(128 + sig).unwrap_or(1)),
    })
}

/// The reader over `library`: searching through the stored index when it
/// is a folder's, and checking the folder behind the first frame when the
/// list is the metadata index's alone (`unchecked`).
fn reader_app(
    library: Library,
    read: ReadState,
    listed_read: usize,
    unchecked: bool,
    refresh_every: Option<u64>,
    mut config: crate::config::Config,
) -> App {
    // What the terminal can show: no colour under $NO_COLOR, and colours
    // it lacks brought down to the nearest it has.
    config.theme = config.theme.for_terminal(|name| std::env::var(name).ok());
    let stored = stored_search(&library);
    let mut app = App::new_cold(library, read, Some(listed_read), config);
    // The check first: the search index's worker, started next, plans
    // from the check's listing of the folder rather than making its own.
    if unchecked {
        app.check_folder();
    }
    if let Some((dir, path)) = stored {
        app.use_search_store(dir, path);
    }
    let watch = std::env::var("GOGAI_WATCH").ok();
    match crate::app::WatchMode::parse(watch.as_deref()) {
        Ok(mode) => app.watch_folder(mode),
        Err(e) => {
            app.update(crate::app::Message::Notice(e));
            app.watch_folder(crate::app::WatchMode::default());
        }
    }
    // The feeds file is a few lines, read before the first frame: the
    // feeds view and the reader's header name the feeds by it. None is an
    // empty list.
    if let Some(path) = crate::feeds::default_path() {
        let feeds = crate::feeds::Subscriptions::load(&path)
            .map(|list| list.as_slice().to_vec())
            .map_err(|e| e.to_string());
        app.update(crate::app::Message::Subscriptions(feeds));
    }
    if let Some(minutes) = refresh_every {
        app.refresh_every(std::time::Duration::from_secs(minutes.saturating_mul(60)));
    }
    app
}

/// The folder and the stored search index to search it through, when the
/// articles come from a folder read through the metadata index (the
/// articles are not in memory; reading them all for each search's first
/// keystroke is what the stored index saves).
fn stored_search(library: &Library) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    library.index.as_ref()?;
    let dir = library.origin.folder()?;
    let path = crate::search::stored::default_path(dir)?;
    Some((dir.to_path_buf(), path))
}

/// At the end of a run whose state file could not be read: says so, once
/// the screen is back, and keeps the run's changes in a pending file beside
/// it, which the first run that can read the state file merges.
fn keep_unsaved(app: &mut App, path: &Path, why: &state::StateError) {
    let Some(job) = app.read_state_mut().take_job() else {
        eprintln!("gogai: {why}; nothing was saved");
        return;
    };
    match job.write_pending(path) {
        Ok(kept) => eprintln!(
            "gogai: {why}; this run's marks and position were not saved there but kept in {}, \
             merged once the state file can be read",
            kept.display()
        ),
        Err(e) => eprintln!(
            "gogai: {why}; this run's marks and position were not saved, \
             nor kept beside it ({e})"
        ),
    }
}

/// Notes that the folder's articles were seen today, and drops marks of
/// articles last seen in this folder and not seen since
/// [`state::PRUNE_AFTER`] (files deleted or renamed long ago), so the state
/// file does not grow forever. Marks of other folders are never touched.
/// Not when any file failed to load: an article that could not be read is
/// not gone. Returns how many listed articles are read, found by the same
/// walk over the ids (before pruning, which only drops marks of articles
/// not listed).
fn forget_old_marks(read: &mut ReadState, library: &Library) -> usize {
    let now = state::now_secs();
    let folder = match library.origin.folder() {
        Some(p) => state::folder_key(p),
        None => state::folder_key(Path::new("(bundled articles)")),
    };
    let articles = &library.articles;
    let (sighting, listed_read) = read.survey(folder, articles.len(), |i| articles.at(i).id(), now);
    if library.skipped() == 0 && now > 0 {
        read.prune(&sighting, state::PRUNE_AFTER);
    }
    listed_read
}

/// The article folder chosen, and where the choice came from: `--dir` (or
/// the config file's `dir` when `$GOGAI_DIR` is unset: see `configured`),
/// else `$GOGAI_DIR`, else `./articles`, else gogai's own folder
/// `$XDG_DATA_HOME/gogai/articles` (which need not exist yet). This is the
/// one place that decides: the reader shows this folder, and imports and
/// fetches write to it. `None` only when there is no home folder at all:
/// the reader then shows the bundled articles, and an import has nowhere
/// to go.
pub fn chosen_folder(dir: Option<&Path>) -> Option<(LibrarySource, PathBuf)> {
    let (origin, path): (fn(PathBuf) -> LibrarySource, PathBuf) = if let Some(dir) = dir {
        (LibrarySource::Flag, dir.to_path_buf())
    } else if let Some(env) = std::env::var_os("GOGAI_DIR").filter(|v| !v.is_empty()) {
        (LibrarySource::Env, PathBuf::from(env))
    } else if Path::new("articles").is_dir() {
        (LibrarySource::Cwd, PathBuf::from("articles"))
    } else {
        let data = crate::store::paths::data_dir()?.join("articles");
        (LibrarySource::Data, data)
    };
    Some((origin(path.clone()), path))
}

/// The folder to show (see [`chosen_folder`]), else the bundled articles.
/// gogai's own folder with no article in it yet shows the bundled articles
/// as a welcome. With `indexed`, files unchanged since the last run are not
/// read again (see `index`).
fn load_library(dir: Option<&Path>, indexed: bool) -> anyhow::Result<Library> {
    let Some((origin, path)) = chosen_folder(dir) else {
        return Ok(Library::bundled());
    };
    let data = matches!(origin, LibrarySource::Data(_));
    if data && !path.is_dir() {
        return Ok(Library::welcome(&path));
    }
    let library = load_folder(origin, &path, indexed)?;
    Ok(if data && library.files == 0 {
        Library::welcome(&path)
    } else {
        library
    })
}

/// The articles of folder `path`, through its metadata index when
/// `indexed`.
pub(super) fn load_folder(
    origin: LibrarySource,
    path: &Path,
    indexed: bool,
) -> anyhow::Result<Library> {
    let index_path = indexed
        .then(|| crate::store::index::default_path(path))
        .flatten();
    let Some(index_path) = index_path else {
        return Library::load_dir(origin, path).context("no articles to show");
    };
    let (library, stats) =
        Library::load_dir_indexed(origin, path, &index_path).context("no articles to show")?;
    if std::env::var_os("GOGAI_INDEX_STATS").is_some_and(|v| v == "1") {
        let ms: Vec<String> = stats
            .timings
            .iter()
            .map(|t| format!("{:.0}", t.as_secs_f64() * 1000.0))
            .collect();
        eprintln!(
            "gogai: index: {} reused, {} parsed, {} dropped ({}); log records applied {}, written {:?}; ms at the end of list/index/stat/reuse/parse/assemble: {}; metadata in memory: {:.1} MB",
            stats.reused,
            stats.parsed,
            stats.dropped,
            index_path.display(),
            stats.applied,
            stats.written,
            ms.join("/"),
            library.articles.heap_size() as f64 / 1e6,
        );
    }
    Ok(library)
}

/// `--print` or `--facts` (`only_facts`) of the article `query` names.
fn print_one(
    cli: &Cli,
    library: &mut Library,
    query: &str,
    only_facts: bool,
) -> anyhow::Result<ExitCode> {
    let index = match resolve::find(library, query) {
        Ok(i) => i,
        Err(e) => return Ok(not_found(&e)),
    };
    let article = &*library
        .articles
        .open(index)
        .context("cannot open the article")?;
    let width = cli.width.map_or(80, usize::from);
    emit(&match (only_facts, cli.json) {
        (true, true) => output::facts_json(article, cli.explain),
        (true, false) => output::facts_only(article, width, cli.explain),
        (false, true) => output::print_json(article),
        (false, false) => output::print(article, width),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The chosen folder's list as its metadata index last saw it, without
/// reading the folder (see [`Library::load_cached`]); `None` when there is
/// no folder or no index of it yet.
fn cached_library(dir: Option<&Path>) -> Option<Library> {
    let (origin, path) = chosen_folder(dir)?;
    let index_path = crate::store::index::default_path(&path)?;
    Library::load_cached(origin, &path, &index_path)
}

/// `--import`: into the folder the reader would show, except that the
/// bundled articles cannot be added to, so with no `--dir`, no `$GOGAI_DIR`
/// and no `./articles` there is nowhere to import into.
fn import(cli: &Cli) -> anyhow::Result<ExitCode> {
    let Some(named) = &cli.import else {
        return Ok(usage("--dry-run goes with --import"));
    };
    let sources: Vec<String> = named.iter().chain(&cli.after_dashes).cloned().collect();
    if sources.is_empty() {
        return Ok(usage("--import needs at least one SOURCE"));
    }
    let Some((origin, dir)) = chosen_folder(cli.dir.as_deref()) else {
        anyhow::bail!(
            "no folder to import into: give --dir DIR or set $GOGAI_DIR \
             (the bundled articles cannot be added to)"
        );
    };
    if matches!(origin, LibrarySource::Data(_)) && !cli.dry_run && !dir.exists() {
        say!("creating the article folder {}", dir.display());
    }
    let options = crate::import::Options {
        // A dry run writes nothing, the cache included.
        index: (!cli.dry_run)
            .then(|| crate::store::index::default_path(&dir))
            .flatten(),
        dir,
        dry_run: cli.dry_run,
        limits: crate::import::Limits::default().with_env(),
        lock_wait: crate::import::LOCK_WAIT,
    };
    let stdout = std::io::stdout();
    let summary = crate::import::run(&sources, &options, &mut stdout.lock())?;
    Ok(if summary.misused() {
        ExitCode::from(NOT_FOUND)
    } else if summary.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The config file (none for `--print-config`, which shows the defaults);
/// its problems go to standard error unless the reader will list them.
fn load_settings(cli: &Cli) -> crate::config::Loaded {
    if cli.print_config {
        return crate::config::Loaded::default();
    }
    let settings = crate::config::load(cli.config.as_deref());
    if !opens_reader(cli) {
        for problem in &settings.problems {
            eprintln!("gogai: {problem}");
        }
    }
    settings
}

/// Whether these arguments open the reader (rather than print and exit).
fn opens_reader(cli: &Cli) -> bool {
    !(cli.check
        || cli.print_config
        || cli.list
        || cli.print.is_some()
        || cli.facts.is_some()
        || cli.import.is_some()
        || cli.dry_run
        || cli.update
        || cli.purge
        || cli.export
        || cli.feeds
        || cli.export_opml
        || cli.subscribe.is_some()
        || cli.unsubscribe.is_some()
        || cli.import_opml.is_some())
}

/// The arguments with the config file's settings filled in where the
/// command line (and, for the folder, `$GOGAI_DIR`) said nothing: the
/// command line and the environment come first.
fn configured(cli: &Cli, config: &crate::config::Config) -> Cli {
    let mut cli = cli.clone();
    let env_dir = std::env::var_os("GOGAI_DIR").is_some_and(|v| !v.is_empty());
    if cli.dir.is_none() && !env_dir {
        cli.dir.clone_from(&config.dir);
    }
    if cli.refresh_every.is_none() && opens_reader(&cli) {
        cli.refresh_every = config.refresh_every;
    }
    cli
}

/// The modes that load no articles (or only to count them): the
/// subscription modes, `--import`, `--export`, `--print-config`,
/// `--completions`, `--man`; and a flag given without its mode (a usage
/// error).
fn without_articles(cli: &Cli, config: &crate::config::Config) -> Option<anyhow::Result<ExitCode>> {
    if let Some(done) = shell::run(cli) {
        return Some(done);
    }
    if cli.print_config {
        return Some(emit(&crate::config::defaults_toml()).map(|()| ExitCode::SUCCESS));
    }
    if let Some(done) = feeds::run(cli) {
        return Some(done);
    }
    if cli.import.is_some() || cli.dry_run {
        return Some(import(cli));
    }
    if cli.update || cli.purge {
        return Some(update::run(cli, &config.fetch));
    }
    if cli.export {
        return Some(export(cli));
    }
    misused_flags(cli).map(Ok)
}

/// `--export`: the state store as JSON on standard output. Reads only:
/// nothing is created, migrated or set aside.
fn export(cli: &Cli) -> anyhow::Result<ExitCode> {
    if !cli.after_dashes.is_empty() {
        return Ok(usage("--export takes no ARTICLE"));
    }
    let Some(path) = cli.state.clone().or_else(state::default_path) else {
        anyhow::bail!("no state folder ($XDG_STATE_HOME and $HOME unset); give --state PATH");
    };
    let exported = ReadState::export(&path)?;
    if !exported.found {
        eprintln!("gogai: nothing is stored at {} yet", path.display());
    }
    emit(&exported.json)?;
    Ok(ExitCode::SUCCESS)
}

/// `--list`: one line (or JSON object) per article, with its marks.
fn list(cli: &Cli, library: &Library, state_path: Option<&Path>) -> anyhow::Result<ExitCode> {
    // --list only reads: a corrupt file is left where it is.
    let read = state_path.map(ReadState::peek).unwrap_or_default();
    warn_skipped(library);
    emit(&if cli.json {
        output::list_json(library, &read)
    } else {
        output::list(library, &read)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a mode's output. A full disk is an error said once (`print!`
/// would panic); a reader that went away (`gogai --list | head`) is not an
/// error at all.
pub(crate) fn emit(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}

fn warn_skipped(library: &Library) {
    let skipped = library.skipped();
    if skipped > 0 {
        eprintln!(
            "gogai: skipped {skipped} unreadable article{}; run `gogai --check` for details",
            if skipped == 1 { "" } else { "s" }
        );
    }
}

fn not_found(e: &resolve::FindError) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "gogai: {e}");
    ExitCode::from(NOT_FOUND)
}

pub(super) fn usage(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "gogai: {message} (see gogai --help)");
    ExitCode::from(NOT_FOUND)
}
