"use strict";
// Stands in for cdktf's internal stack-trace module in tests only (see jest.config.js).
exports.captureStackTrace = function captureStackTrace() {
  return [];
};
