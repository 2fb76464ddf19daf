//! What a person sees: the live progress bar (indicatif, only on a terminal) and the latency
//! histogram picture (plotters' SVG backend: no font files needed, text stays SVG text).
use super::Bound;
use super::report::Report;
use indicatif::{ProgressBar, ProgressStyle};
use plotters::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub struct Progress {
    bar: Option<ProgressBar>,
    by_time: bool,
}

impl Progress {
    pub fn start(show: bool, bound: Bound) -> Self {
        let (len, by_time) = match bound {
            Bound::Logins(k) => (k, false),
            Bound::Duration(d) => (d.as_secs(), true),
        };
        let bar = show.then(|| {
            let unit = if by_time { "s" } else { "logins" };
            let style = ProgressStyle::with_template(&format!(
                "{{bar:40}} {{pos}}/{{len}} {unit}  {{msg}}"
            ))
            .expect("valid template");
            ProgressBar::new(len).with_style(style)
        });
        Self { bar, by_time }
    }

    pub fn update(&self, done: &AtomicU64, mismatches: &AtomicU64, elapsed: Duration) {
        let Some(bar) = &self.bar else { return };
        let n = done.load(Ordering::Relaxed);
        bar.set_position(if self.by_time { elapsed.as_secs() } else { n });
        let rate = n as f64 / elapsed.as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{n} logins, {:.0}/s, {} mismatches",
            rate,
            mismatches.load(Ordering::Relaxed)
        ));
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The latency distribution as bars (x: latency in ms, y: logins).
pub fn latency_svg(r: &Report, path: &std::path::Path) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let top_x = r.buckets.last().map_or(1.0, |b| b.0).max(0.01);
    let top_y = r.buckets.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let root = SVGBackend::new(path, (900, 500)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let caption = format!(
        "softpass simulate: {} logins, p50 {:.2} ms, p99 {:.2} ms, {} mismatches",
        r.logins, r.latency_ms.p50, r.latency_ms.p99, r.mismatches
    );
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 18))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..top_x, 0u64..top_y + top_y / 10 + 1)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("latency (ms)")
        .y_desc("logins")
        .draw()
        .map_err(|e| err(&e))?;
    let width = top_x / r.buckets.len().max(1) as f64;
    chart
        .draw_series(r.buckets.iter().map(|(upper, n)| {
            Rectangle::new([(upper - width, 0), (*upper, *n)], BLUE.mix(0.6).filled())
        }))
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(())
}
