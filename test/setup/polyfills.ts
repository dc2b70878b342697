import '../../shared/local/promise-with-resolvers.js';
