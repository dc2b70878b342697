import '../../shared/runtime/promise-with-resolvers.js';
