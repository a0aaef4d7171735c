// Saving something the page made (an export, a run's OTLP JSON) as a file:
// a temporary object URL on a clicked link. The URL is revoked a little later,
// not at once: some browsers start reading it only after click() returns.

const REVOKE_AFTER_MS = 10_000;

/** Offers a blob to the learner as a file called fileName. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Offers JSON text as a .json file. */
export function downloadJson(text: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: 'application/json' }), fileName);
}
