use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    gogai::logfile::init();
    let cli = gogai::cli::Cli::parse();
    match gogai::cli::run(&cli) {
        Ok(code) => code,
        Err(e) => {
            log::error!("{e:#}");
            eprintln!("gogai: {e:#}");
            ExitCode::FAILURE
        }
    }
}
