/**
 * Saving a CSV the screen built or main returned: a short-lived blob URL handed to a download
 * link, revoked as soon as the click has taken it. File names carry no PHI.
 */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName || 'carerelay-export.csv';
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the data to the download; the URL must not outlive it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
