// mocha's --reporter takes a module whose export is the reporter class.
module.exports = require('../out/test/support/report.js').default;
