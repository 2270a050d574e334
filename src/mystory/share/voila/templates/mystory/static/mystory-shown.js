/* Every cell has arrived: show the page (Voila's template does this inline). */
window.voila_finish();
