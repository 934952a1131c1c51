//! What a shell and `man` need, generated from the argument definitions so
//! that they can never disagree with `--help`: `--completions SHELL` and
//! `--man`.

use std::process::ExitCode;

use clap::CommandFactory as _;

use super::{Cli, emit};

/// `Some` when the command line asked for a completion script or the
/// manual page.
pub(super) fn run(cli: &Cli) -> Option<anyhow::Result<ExitCode>> {
    if let Some(shell) = cli.completions {
        return Some(completions(shell));
    }
    cli.man.then(man)
}

fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "gogai", &mut script);
    emit(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}

fn man() -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    emit(&String::from_utf8_lossy(&page))?;
    Ok(ExitCode::SUCCESS)
}
