// The page of `stepster ui`: a client-side router over the JSON API of ../ui-api.ts.
const root = document.getElementById('app');
if (root) root.textContent = 'stepster';
