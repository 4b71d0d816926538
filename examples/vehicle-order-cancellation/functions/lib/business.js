// Shared helpers of the vehicle order functions: the business clock, the local
// data files standing in for the order/inventory/credit systems, typed errors.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

// BUSINESS_DATE pins "now" (ISO 8601) so runs are reproducible; unset = the real clock.
function now() {
  const pinned = process.env.BUSINESS_DATE;
  if (pinned) {
    const d = new Date(pinned);
    if (Number.isNaN(d.getTime())) throw new ConfigurationError(`BUSINESS_DATE is not a date: ${pinned}`);
    return d;
  }
  return new Date();
}

function isoSeconds(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(date, days) {
  return new Date(date.getTime() + days * 24 * 60 * 60 * 1000);
}

function endOfDay(date) {
  const d = new Date(date.getTime());
  d.setUTCHours(23, 59, 59, 0);
  return d;
}

// Loaded once per worker (module scope), as a warm Lambda keeps it.
const cache = new Map();
function loadData(name) {
  if (!cache.has(name)) {
    const dir = process.env.DATA_DIR || path.join(__dirname, '..', 'data');
    cache.set(name, JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
  }
  return cache.get(name);
}

function shortHash(text, length) {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, length);
}

function appendJsonLine(file, record) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, JSON.stringify(record) + '\n');
}

function requireField(object, field, where) {
  if (object == null || object[field] === undefined || object[field] === null || object[field] === '') {
    throw new ValidationError(`${where}: missing "${field}"`);
  }
  return object[field];
}

// Errors carry their class name as `name`: that becomes the Lambda errorType,
// which Step Functions reports as the error a Retry/Catch matches.
class BusinessError extends Error {
  constructor(message) {
    super(message);
    this.name = this.constructor.name;
  }
}
class ValidationError extends BusinessError {}
class ConfigurationError extends BusinessError {}
class OrderNotFoundError extends BusinessError {}
class InventoryLockedError extends BusinessError {}
class CreditHoldNotFoundError extends BusinessError {}
class InvalidRecipientError extends BusinessError {}

module.exports = {
  now, isoSeconds, isoDay, addDays, endOfDay, loadData, shortHash, appendJsonLine, requireField,
  ValidationError, ConfigurationError, OrderNotFoundError, InventoryLockedError, CreditHoldNotFoundError,
  InvalidRecipientError,
};
