"""The public explorer of electoral systems (`/elections/`), counting in the browser (`/count/`), and
their API (`GET /api/analysis/{election}`, `POST /api/count`): no sign-in, the same answers as
`hustings analyse` and `hustings count`."""
