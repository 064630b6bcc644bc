const PLANNED: Record<string, string> = {
  exceptions: 'The exception queue (rules, assign, snooze, resolve, dashboard tiles) is being built next.',
  reconcile: 'The packing-station scanner and the reconciliation board are being built next.',
  returns: 'Pending pickups, inbound returns and the receiving station are being built next.',
  reports: 'Carrier performance, daily health and weekly summaries are being built next.',
  settings: 'Carrier accounts, station settings and update channel are being built next.',
};

/** Says plainly on screen that a view is not there yet, instead of an empty page that looks broken. */
export function PlannedView({ view, title }: { view: string; title: string }) {
  return (
    <section className="planned" data-testid={`planned-${view}`}>
      <h1>{title}</h1>
      <p>Not available yet in this version. {PLANNED[view]}</p>
    </section>
  );
}
