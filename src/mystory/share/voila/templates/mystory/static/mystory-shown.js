/* Every cell has arrived: put the learner's language in place, then show the page (Voila's
   template does the showing inline). */
window.mystory_apply_language();
window.voila_finish();
