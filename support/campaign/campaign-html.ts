import { campaignTitle, type Campaign, type CampaignRow } from './campaign-matrix';

/**
 * reports/campaign/index.html: the SUT × requirement matrix as one file that opens from disk and
 * loads nothing (its CSP allows only its own inline style). Each cell shows the verdict, its
 * reason on hover (a title) and in the cell's text for print; each SUT links to its own Allure
 * report and PCTR, relative, so the campaign folder can be moved or zipped as a whole.
 */
export function campaignHtml(c: Campaign): string {
  const head = c.requirements.map((r) => `<th title="${esc(`${r.id} ${r.strength}: ${r.title}`)}">${esc(r.id)}<br><small>${esc(r.strength)}</small></th>`).join('');
  const rows = c.rows.map((row) => rowHtml(row, c.requirements.map((r) => r.id))).join('\n');
  const counts = (['COMPLIANT', 'NOT COMPLIANT', 'NO VERDICT', 'NOT RUN'] as const).map((o) => [o, c.rows.filter((r) => r.outcome === o).length] as const).filter(([, n]) => n > 0);
  const notes = c.rows.filter((r) => r.alone || r.keepsAddresses).map((r) => `<li><b>${esc(r.slug)}</b>: ${esc([r.alone && `ran alone (${r.alone})`, r.keepsAddresses && !r.alone && `kept its addresses (${r.keepsAddresses})`].filter(Boolean).join('; '))}</li>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(campaignTitle(c))}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: center; vertical-align: top; }
td.sut { text-align: left; min-width: 16em; }
td.PASS { background: #d4f4d4; } td.FAIL { background: #f8c8c8; } td.INCONC { background: #fbe7b0; }
td.NA { background: #eee; color: #666; } td.none { background: #fafafa; color: #999; }
.outcome-COMPLIANT { color: #176b17; } .outcome-NOT-COMPLIANT { color: #a11; } .outcome-NO-VERDICT, .outcome-NOT-RUN { color: #8a5a00; }
small { color: #555; } .reason { display: none; } .selection { background: #fff4cc; padding: 4px 8px; }
@media print { .reason { display: block; font-size: 9px; text-align: left; } }
</style>
</head>
<body>
<h1 class="${outcomeClass(c.outcome)}">${esc(c.outcome)}</h1>
<p>OMA SIMPLE IM 7.1.1.9 (IM Client rejoins an IM Conference Session): ${c.rows.length} SUT(s), ${counts.map(([o, n]) => `${n} ${esc(o)}`).join(', ')}. Hover a cell for the reason of its verdict; a SUT's name links to its own report.</p>
${(c.runArgs ?? []).length > 0 ? `<p class="selection"><b>Every run was given: <code>${esc(c.runArgs.join(' '))}</code></b>. A selection's COMPLIANT covers only what it selected: requirements it left out are N/A, "not selected in this run".</p>` : ''}
<table>
<thead><tr><th>SUT</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${notes.length > 0 ? `<h2>Runs that could not have a loopback range of their own</h2>\n<ul>${notes.join('')}</ul>` : ''}
<p><small>${esc(`${c.suite.name} ${c.suite.version}, commit ${c.suite.commit}, digest ${c.suite.digest}`)}. Generated ${esc(c.generated)} from shard(s) ${esc(c.shards.join(', '))}${c.strict ? '; --strict: MAY and robustness results gate too' : ''}. Machine-readable: <a href="campaign.json">campaign.json</a>.</small></p>
</body>
</html>
`;
}

function rowHtml(row: CampaignRow, ids: readonly string[]): string {
  const name = row.sut ? `${row.sut.name} ${row.sut.version}` : row.slug;
  const title = row.links.report ? `<a href="${esc(row.links.report)}">${esc(name)}</a>` : esc(name);
  const links = [row.links.pctr && `<a href="${esc(row.links.pctr)}">PCTR</a>`, row.links.summary && `<a href="${esc(row.links.summary)}">summary.json</a>`, row.links.console && `<a href="${esc(row.links.console)}">console</a>`].filter(Boolean).join(' · ');
  const seconds = row.durationMs > 0 ? ` in ${Math.round(row.durationMs / 1000)} s` : '';
  const when = row.finishedAt ? `<br><small>ended ${esc(row.finishedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}${row.loopbackNet ? `, at ${esc(row.loopbackNet)}.0/24` : ''}</small>` : '';
  const sut = `<td class="sut"><b>${title}</b><br><small>${esc(row.profile)}</small><br><span class="${outcomeClass(row.outcome)}" title="${esc(row.reason)}">${esc(row.outcome)}</span><small>${seconds}</small>${when}${links ? `<br><small>${links}</small>` : ''}${row.outcome === 'NO VERDICT' || row.outcome === 'NOT RUN' ? `<br><small>${esc(row.reason)}</small>` : ''}</td>`;
  const cells = ids.map((id) => {
    const cell = row.cells[id] ?? { verdict: '—', reason: 'not in the matrix' };
    // Classes from known values only: campaign.json may come from a shard's folder, written elsewhere.
    const css = ({ PASS: 'PASS', FAIL: 'FAIL', INCONC: 'INCONC', 'N/A': 'NA' } as Record<string, string>)[cell.verdict] ?? 'none';
    return `<td class="${css}" title="${esc(`${id}: ${cell.reason}`)}">${esc(cell.verdict)}<span class="reason">${esc(cell.reason)}</span></td>`;
  });
  return `<tr>${sut}${cells.join('')}</tr>`;
}

function outcomeClass(outcome: string): string {
  return ({ COMPLIANT: 'outcome-COMPLIANT', 'NOT COMPLIANT': 'outcome-NOT-COMPLIANT', 'NO VERDICT': 'outcome-NO-VERDICT', 'NOT RUN': 'outcome-NOT-RUN', INCOMPLETE: 'outcome-NO-VERDICT' } as Record<string, string>)[outcome] ?? 'outcome-NO-VERDICT';
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
