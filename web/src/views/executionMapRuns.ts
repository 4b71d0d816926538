// The Map Runs of one execution's Distributed Maps, for its view: each Map
// state's latest run followed (live while it runs, read again when its entry's
// events change), and a panel per run the inspector shows (an earlier entry's
// run is read then). The graph and the timeline show each run's summary.
import { errorText } from '../api/aws';
import { followMapRun, type MapRunFeed } from '../live/mapRunFeed';
import type { HistoryModel } from '../model/history';
import { latestMapRuns, runSummary, type MapRun } from '../model/mapRun';
import { MapRunPanel } from '../ui/mapRunPanel';

export class ExecutionMapRuns {
  private readonly feeds = new Map<string, MapRunFeed>();
  private readonly panels = new Map<string, MapRunPanel>();
  /** Map Run ARN -> its entry's event count when last seen. */
  private readonly eventCounts = new Map<string, number>();

  /** onChange: a run's answer came (the view draws the summaries again). */
  constructor(private readonly onChange: () => void) {}

  /** The history changed: follow each Map state's latest run; a run whose entry has new events is read again. */
  update(model: HistoryModel): void {
    for (const entry of latestMapRuns(model).values()) {
      const arn = entry.mapRunArn!;
      const seen = this.eventCounts.get(arn);
      this.eventCounts.set(arn, entry.eventIds.length);
      const feed = this.follow(arn);
      if (seen !== undefined && seen !== entry.eventIds.length) feed.refresh();
    }
  }

  /** The inspector's panel for this run (the same element each time). */
  panel(mapRunArn: string): HTMLElement {
    let panel = this.panels.get(mapRunArn);
    if (!panel) {
      panel = new MapRunPanel(mapRunArn);
      this.panels.set(mapRunArn, panel);
    }
    const run = this.follow(mapRunArn).run;
    if (run) panel.update(run);
    return panel.element;
  }

  run(mapRunArn: string): MapRun | undefined {
    return this.feeds.get(mapRunArn)?.run;
  }

  /** Each Map state's latest run, summed up in a line (for the graph), by state name. */
  stateSummaries(model: HistoryModel): Map<string, { text: string; status: string }> {
    const out = new Map<string, { text: string; status: string }>();
    for (const [name, entry] of latestMapRuns(model)) {
      const run = this.run(entry.mapRunArn!);
      if (run) out.set(name, { text: `Map Run ${runSummary(run)}`, status: run.status });
    }
    return out;
  }

  /** Every entry whose run is known, summed up (for the timeline), by entry index. */
  entrySummaries(model: HistoryModel): Map<number, string> {
    const out = new Map<number, string>();
    for (const entry of model.entries) {
      const run = entry.mapRunArn ? this.run(entry.mapRunArn) : undefined;
      if (run) out.set(entry.index, runSummary(run));
    }
    return out;
  }

  stop(): void {
    for (const feed of this.feeds.values()) feed.stop();
  }

  private follow(mapRunArn: string): MapRunFeed {
    let feed = this.feeds.get(mapRunArn);
    if (!feed) {
      feed = followMapRun(mapRunArn, {
        onRun: (run) => {
          this.panels.get(mapRunArn)?.update(run);
          this.onChange();
        },
        onError: (error) => this.panels.get(mapRunArn)?.showError(errorText(error)),
      });
      this.feeds.set(mapRunArn, feed);
    }
    return feed;
  }
}
