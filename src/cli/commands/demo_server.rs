pub fn run(_g: &crate::cli::args::Global) -> anyhow::Result<()> {
    anyhow::bail!("todo")
}
