// Apollo Client's cache adds __typename to every selection before a query
// leaves the browser. A persisted body that lacks them would answer objects
// the cache cannot normalise, so the stored documents carry them too.
exports.transform = require('@graphql-codegen/client-preset').addTypenameSelectionDocumentTransform.transform;
