//! When a live thread asks its server for news, and which news it asks for: pure, so the rhythm
//! and the addresses it makes are natively tested. `crate::compose::live` drives it.
//!
//! At a news site's scale the same story is open in thousands of browsers. Two rules keep their
//! requests cheap for the server:
//! - every reader asks at most once per [`QUICK`], slower after [`QUIET_AFTER`] without news, never
//!   while the page is hidden, later and later while the server fails or is slow, and spread
//!   over time with jitter;
//! - what a reader asks for does not depend on when that reader arrived: `after` is the start of
//!   the current [`WINDOW`] minus one of a few fixed look-backs ([`after`]), so every reader
//!   asking in one window asks the same address, and a micro-cache in front of the server (nginx,
//!   a CDN: `docs/live.md`) answers all but one of them.

/// Readers ask in windows of this many seconds; `after` is aligned to them.
pub const WINDOW: f64 = 15.0;
/// The quickest rhythm, in ms: at most one request per this, while the page is visible.
pub const QUICK: f64 = 15_000.0;
/// The slow rhythm, after [`QUIET_AFTER`] without news.
pub const SLOW: f64 = 120_000.0;
/// Without news for this long (ms), the thread is asked less often.
pub const QUIET_AFTER: f64 = 600_000.0;
/// A page hidden at least this long (ms) asks once as soon as it is shown again.
pub const AWAY: f64 = 15_000.0;
/// The longest wait after failures (ms).
pub const MAX_BACKOFF: f64 = 600_000.0;
/// An answer slower than this (ms) counts as a failure: the server is struggling.
pub const SLOW_ANSWER: f64 = 8_000.0;
/// The most each wait is stretched by, at random (a fraction): readers who arrived together
/// drift apart.
pub const JITTER: f64 = 0.25;
/// How far `after` reaches back, in seconds, at least: the time since the last answer, one
/// window, and a minute for the difference between the reader's clock and the server's.
const LOOKBACKS: [f64; 6] = [120.0, 300.0, 900.0, 3_600.0, 21_600.0, 86_400.0];
const CLOCK_SLACK: f64 = 60.0;

/// The `after` time (seconds since the epoch) of a request made at `now` (ms) by a reader who
/// last heard everything up to `checked` (ms, the start of the last request that answered).
/// The same for every reader asking within one window with a similar rhythm; it reaches back at
/// least to `checked` less a window and the clock slack, so nothing posted since is missed.
pub fn after(now: f64, checked: f64) -> f64 {
    let window_start = (now / 1000.0 / WINDOW).floor() * WINDOW;
    let needed = (now - checked).max(0.0) / 1000.0 + WINDOW + CLOCK_SLACK;
    match LOOKBACKS.iter().find(|back| **back >= needed) {
        Some(back) => window_start - back,
        // Away for more than a day: an address of its own (rare), still aligned.
        None => ((checked / 1000.0 - WINDOW - CLOCK_SLACK) / WINDOW).floor() * WINDOW,
    }
}

/// How the last request went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Something new came.
    News,
    /// Answered, nothing new.
    Quiet,
    /// An error, a refusal (429, 503), or an answer slower than [`SLOW_ANSWER`].
    Failed,
}

/// When to ask next. Times in ms on the reader's clock (`Date.now()`).
#[derive(Clone, Debug, PartialEq)]
pub struct Rhythm {
    /// Not before this.
    pub due: f64,
    /// The last news (or the start).
    last_news: f64,
    failures: u32,
    hidden_since: Option<f64>,
}

impl Rhythm {
    /// Starts at `now`: the first request after one quick wait.
    pub fn new(now: f64, jitter: f64) -> Rhythm {
        let mut rhythm = Rhythm {
            due: now,
            last_news: now,
            failures: 0,
            hidden_since: None,
        };
        rhythm.due = now + rhythm.wait(now, jitter);
        rhythm
    }

    /// The wait after a request at `now`: quick or slow, doubled for each failure in a row (up to
    /// [`MAX_BACKOFF`]), stretched by up to [`JITTER`] (`jitter` in 0..1).
    fn wait(&self, now: f64, jitter: f64) -> f64 {
        let base = if now - self.last_news >= QUIET_AFTER {
            SLOW
        } else {
            QUICK
        };
        let backoff = (base * 2f64.powi(self.failures.min(10) as i32)).min(MAX_BACKOFF.max(base));
        backoff * (1.0 + JITTER * jitter.clamp(0.0, 1.0))
    }

    /// Whether to ask now.
    pub fn should_ask(&self, now: f64) -> bool {
        self.hidden_since.is_none() && now >= self.due
    }

    /// A request made at `asked` ended at `now` with `outcome`.
    pub fn answered(&mut self, asked: f64, now: f64, outcome: Outcome, jitter: f64) {
        let outcome = if outcome != Outcome::Failed && now - asked > SLOW_ANSWER {
            Outcome::Failed
        } else {
            outcome
        };
        match outcome {
            Outcome::News => {
                self.failures = 0;
                self.last_news = now;
            }
            Outcome::Quiet => self.failures = 0,
            Outcome::Failed => self.failures = self.failures.saturating_add(1),
        }
        self.due = now + self.wait(now, jitter);
    }

    /// The page was hidden at `now`: no requests until it is shown.
    pub fn hidden(&mut self, now: f64) {
        self.hidden_since.get_or_insert(now);
    }

    /// The page is shown again: after [`AWAY`] or more it asks at once (unless it is backing off
    /// from failures), else when it was due.
    pub fn shown(&mut self, now: f64) {
        if let Some(since) = self.hidden_since.take()
            && now - since >= AWAY
            && self.failures == 0
        {
            self.due = self.due.min(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: f64 = 60_000.0;

    /// A reader's requests over `span` ms from `start`: (time, after) pairs, every answer quiet
    /// and quick, the page visible.
    fn schedule(start: f64, span: f64, jitter: impl Fn(usize) -> f64) -> Vec<(f64, f64)> {
        let mut rhythm = Rhythm::new(start, jitter(0));
        let mut checked = start;
        let mut asked = Vec::new();
        let mut now = start;
        // Ticks of 100 ms, as the engine's timer would see them.
        while now < start + span && asked.len() < 10_000 {
            if rhythm.should_ask(now) {
                asked.push((now, after(now, checked)));
                checked = now;
                rhythm.answered(now, now + 50.0, Outcome::Quiet, jitter(asked.len()));
            }
            now += 100.0;
        }
        asked
    }

    /// Every reader's (window, after) pairs from `from` ms on.
    fn windows(
        readers: &[Vec<(f64, f64)>],
        from: f64,
    ) -> std::collections::BTreeMap<i64, std::collections::BTreeSet<i64>> {
        let mut windows = std::collections::BTreeMap::<i64, std::collections::BTreeSet<i64>>::new();
        for (at, after) in readers.iter().flatten() {
            if *at >= from {
                let window = (at / 1000.0 / WINDOW).floor() as i64;
                windows.entry(window).or_default().insert(*after as i64);
            }
        }
        windows
    }

    /// `n` readers arriving `apart` ms one after the other from `origin`, each with its own
    /// jitter, followed for `span` ms.
    fn readers(origin: f64, n: usize, apart: f64, span: f64) -> Vec<Vec<(f64, f64)>> {
        (0..n)
            .map(|r| {
                let start = origin + (r as f64) * apart;
                schedule(start, span, move |i| ((r * 7919 + i * 104_729) % 1000) as f64 / 1000.0)
            })
            .collect()
    }

    #[test]
    fn readers_who_arrived_at_different_moments_ask_the_same_addresses_in_a_window() {
        let origin = 1_765_000_000_123.0;
        // 100 readers arriving over five minutes; from then on (all of them on the quick rhythm),
        // every request of a window asks the same `after`.
        let quick = readers(origin, 100, 3_001.0, 9.0 * MINUTE);
        let w = windows(&quick, origin + 5.0 * MINUTE);
        assert!(w.len() >= 15, "the readers asked in {} windows", w.len());
        for (window, afters) in &w {
            assert_eq!(afters.len(), 1, "window {window}: {afters:?}");
        }
        // Readers on the slow rhythm (ten minutes without news) share theirs too.
        let slow = readers(origin, 100, 3_001.0, 40.0 * MINUTE);
        let w = windows(&slow, origin + 16.0 * MINUTE + 100.0 * 3_001.0);
        assert!(w.len() >= 15, "the readers asked in {} windows", w.len());
        for (window, afters) in &w {
            assert_eq!(afters.len(), 1, "window {window}: {afters:?}");
        }
        // While some are quick and some slow: one address per rhythm.
        let w = windows(&slow, origin + 10.0 * MINUTE);
        for (window, afters) in &w {
            assert!(afters.len() <= 2, "window {window}: {afters:?}");
        }
    }

    #[test]
    fn after_never_misses_what_was_posted_since_the_last_answer() {
        let now = 1_765_000_123_456.0;
        for since in [
            0.0, 1.0, 14.0, 15.0, 20.0, 44.0, 45.0, 46.0, 119.0, 400.0, 3_000.0, 80_000.0, 200_000.0,
        ] {
            let checked = now - since * 1000.0;
            let a = after(now, checked);
            assert!(a <= checked / 1000.0 - CLOCK_SLACK, "since {since} s: after {a}");
            assert_eq!(a % WINDOW, 0.0, "aligned to the window");
            // And not much further back than it needs to (the next look-back at most).
            assert!(
                checked / 1000.0 - a <= (since * 4.0).max(200.0) + WINDOW + CLOCK_SLACK,
                "since {since} s"
            );
        }
    }

    #[test]
    fn at_most_one_request_per_quick_wait_slower_after_ten_quiet_minutes() {
        let start = 1_000_000.0;
        let asked = schedule(start, 30.0 * MINUTE, |_| 0.5);
        let gaps: Vec<f64> = asked.windows(2).map(|w| w[1].0 - w[0].0).collect();
        assert!(gaps.iter().all(|gap| *gap >= QUICK), "{gaps:?}");
        let early = asked.iter().filter(|(at, _)| *at < start + 10.0 * MINUTE).count();
        let late = asked.iter().filter(|(at, _)| *at >= start + 12.0 * MINUTE).count();
        // 15 s × 1.125: about 35 in the first ten minutes; 120 s × 1.125 after.
        assert!((30..=40).contains(&early), "{early} in the first ten minutes");
        assert!((6..=9).contains(&late), "{late} in the last eighteen");
    }

    #[test]
    fn news_brings_the_quick_rhythm_back() {
        let mut rhythm = Rhythm::new(0.0, 0.0);
        rhythm.answered(11.0 * MINUTE, 11.0 * MINUTE, Outcome::Quiet, 0.0);
        assert_eq!(rhythm.due, 11.0 * MINUTE + SLOW);
        rhythm.answered(13.0 * MINUTE, 13.0 * MINUTE, Outcome::News, 0.0);
        assert_eq!(rhythm.due, 13.0 * MINUTE + QUICK);
    }

    #[test]
    fn failures_and_slow_answers_back_off_and_recover() {
        let mut rhythm = Rhythm::new(0.0, 0.0);
        let mut now = rhythm.due;
        let mut waits = Vec::new();
        for _ in 0..8 {
            rhythm.answered(now, now, Outcome::Failed, 0.0);
            waits.push(rhythm.due - now);
            now = rhythm.due;
        }
        assert_eq!(&waits[..4], &[30_000.0, 60_000.0, 120_000.0, 240_000.0]);
        assert!(waits.iter().all(|w| *w <= MAX_BACKOFF));
        assert_eq!(*waits.last().unwrap(), MAX_BACKOFF);
        // A slow answer is a failure too.
        let mut slow = Rhythm::new(0.0, 0.0);
        slow.answered(QUICK, QUICK + SLOW_ANSWER + 1.0, Outcome::Quiet, 0.0);
        assert_eq!(slow.due - (QUICK + SLOW_ANSWER + 1.0), 2.0 * QUICK);
        // One good answer ends the back-off (on the slow rhythm: no news for more than ten
        // minutes), and news the quick one.
        rhythm.answered(now, now, Outcome::Quiet, 0.0);
        assert_eq!(rhythm.due - now, SLOW);
        rhythm.answered(now, now, Outcome::News, 0.0);
        assert_eq!(rhythm.due - now, QUICK);
    }

    #[test]
    fn hidden_pages_do_not_ask_and_ask_once_when_back_after_a_while() {
        let mut rhythm = Rhythm::new(0.0, 0.0);
        rhythm.hidden(1_000.0);
        assert!(!rhythm.should_ask(QUICK), "due, but hidden");
        assert!(!rhythm.should_ask(10.0 * MINUTE));
        // Back after a short while: when it was due (already), not before.
        rhythm.shown(1_000.0 + AWAY - 1.0);
        assert_eq!(rhythm.due, QUICK);
        // Hidden again early in a new wait, for long: at once when shown.
        rhythm.answered(QUICK, QUICK, Outcome::Quiet, 0.0);
        rhythm.hidden(QUICK + 1_000.0);
        rhythm.shown(QUICK + 1_000.0 + AWAY);
        assert!(rhythm.should_ask(QUICK + 1_000.0 + AWAY));
        // Briefly hidden early in a wait: still waits for it.
        rhythm.answered(3.0 * QUICK, 3.0 * QUICK, Outcome::Quiet, 0.0);
        rhythm.hidden(3.0 * QUICK + 100.0);
        rhythm.shown(3.0 * QUICK + 5_000.0);
        assert!(!rhythm.should_ask(3.0 * QUICK + 5_000.0));
        assert!(rhythm.should_ask(4.0 * QUICK));
    }

    #[test]
    fn jitter_only_stretches() {
        for j in [0.0, 0.3, 1.0, 7.0, -3.0] {
            let rhythm = Rhythm::new(0.0, j);
            assert!(
                rhythm.due >= QUICK && rhythm.due <= QUICK * (1.0 + JITTER),
                "{j}: {}",
                rhythm.due
            );
        }
    }
}
