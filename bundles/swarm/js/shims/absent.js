// Stands in for native addons and Node built-ins that the bundle must not reach: requiring it throws,
// so the npm packages take their pure-JS fallbacks.
throw new Error('not available in the p2pstack GraalJS host')
