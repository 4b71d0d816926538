// PublishCancellationUpdate: turn a "Step Functions Execution Status Change"
// event of the order-cancellation state machine into ONE OrderCancellationUpdated
// event (the contract in events/schemas/OrderCancellationUpdated.schema.json) and
// put it on the bus with EventBridge PutEvents, over plain HTTP to
// AWS_ENDPOINT_URL (stepwise serve sets it to itself).
//
//   RUNNING, redriveCount 0   -> status "started"
//   RUNNING, redriveCount > 0 -> status "restarted" (restarts = redriveCount)
//   SUCCEEDED                 -> status "completed"
//   FAILED/TIMED_OUT/ABORTED  -> status "failed"
//
// Each cancellation (one execution: its id is the execution ARN, which is what
// the workflow's SetCancellationMeta stamps as cancellationId) keeps a small
// JSON state file in CANCELLATION_UPDATES_DIR (default ../outbox/updates,
// relative to the code directory): its revision, timestamps and provider
// status history, so revisions keep counting across restarts of the server
// and of the worker. A status event delivered again (same event id) is not
// published twice. The state file is only written once PutEvents has
// accepted the update; a rejected entry throws, so the bus retries and in
// the end dead-letters the status event.
//
// Environment: AWS_ENDPOINT_URL (required), CANCELLATION_UPDATES_DIR,
// EVENT_BUS_NAME (default "default"), EVENT_SOURCE (default
// "vehicle-orders.order-cancellation"), ORDER_WAIT_MS (default 3000: how long a
// terminal event waits for its run's RUNNING event to be published first).
'use strict';

const fs = require('fs');
const path = require('path');
const http = require('http');
const https = require('https');
const b = require('../lib/business');

const DETAIL_TYPE = 'OrderCancellationUpdated';
const STATUS_CHANGE = 'Step Functions Execution Status Change';
const FAILED = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

class PublishError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PublishError';
  }
}

const iso = (ms) => new Date(Number(ms)).toISOString();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseJson(text, what) {
  if (text == null || text === '') return null;
  if (typeof text === 'object') return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    console.warn(`${what} is not JSON (${e.message}); ignored`);
    return null;
  }
}

// ---- the cancellation's state file, under a lock (updates of one cancellation may arrive at once) ----

function stateDir() {
  return path.resolve(process.env.CANCELLATION_UPDATES_DIR || path.join('..', 'outbox', 'updates'));
}

function stateFile(cancellationId) {
  // arn:aws:states:us-east-1:123456789012:execution:Machine:name -> Machine--name--<hash>.json
  const tail = cancellationId.split(':').slice(-2).join('--').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 120);
  return path.join(stateDir(), `${tail}--${b.shortHash(cancellationId, 10)}.json`);
}

function readState(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw new b.ConfigurationError(`cannot read ${file}: ${e.message}`);
  }
}

function writeState(file, state) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 1) + '\n');
  fs.renameSync(tmp, file);  // atomic: a crash leaves the old state or the new one
}

async function withLock(file, fn) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 30000) fs.rmdirSync(lock);  // left by a killed worker
      } catch (_) { /* gone meanwhile */ }
      if (Date.now() > deadline) throw new PublishError(`timed out waiting for the lock ${lock}`);
      await sleep(15);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmdirSync(lock);
  }
}

// ---- mapping the execution to the contract ----

// Status events of one run come in pairs (RUNNING, then a terminal one); a redrive
// starts the next pair. step orders them: 2 * redriveCount (+1 when terminal).
function stepOf(detail) {
  return 2 * Number(detail.redriveCount || 0) + (detail.status === 'RUNNING' ? 0 : 1);
}

function statusOf(detail) {
  if (detail.status === 'RUNNING') return Number(detail.redriveCount || 0) > 0 ? 'restarted' : 'started';
  if (detail.status === 'SUCCEEDED') return 'completed';
  if (FAILED.has(detail.status)) return 'failed';
  return null;
}

function whenOf(detail, status) {
  if (status === 'restarted' && detail.redriveDate != null) return Number(detail.redriveDate);
  if (status === 'completed' || status === 'failed') return Number(detail.stopDate || detail.startDate);
  return Number(detail.startDate);
}

function capitalized(word) {
  return word.charAt(0) + word.slice(1).toLowerCase();
}

// The providers the cancellation talks to, from the order's data (known before any step ran).
function providersOf(order) {
  const hold = b.loadData('credit-holds.json')[order.customerId] || {};
  const bureau = hold.bureau || 'UNKNOWN';
  const state = String(order.dealerId || '').split('-')[1];
  const pool = b.loadData('regions.json')[state] || 'NATIONAL';
  return {
    paymentProvider: { providerId: bureau, providerName: `${capitalized(bureau)} credit hold reversal` },
    shippingProvider: { providerId: order.dealerId || 'UNKNOWN', providerName: `${pool} vehicle pool` },
  };
}

// The providers' outcomes in a SUCCEEDED execution's output (the Parallel's
// reversalResults: [inventory branch, credit branch]).
function outcomesOf(output) {
  const results = (output && Array.isArray(output.reversalResults)) ? output.reversalResults : [];
  const find = (key) => {
    for (const r of results) if (r && r[key]) return r[key].Payload !== undefined ? r[key].Payload : r[key];
    return null;
  };
  return { release: find('inventoryRelease'), reversal: find('creditReversal') };
}

// One history entry for each provider for this update.
function providerEntries(status, detail, at, output) {
  const timestamp = iso(at);
  const type = status.toUpperCase();
  if (status === 'started' || status === 'restarted') {
    const again = status === 'restarted' ? ` (restart ${detail.redriveCount})` : '';
    return {
      payment: { status: 'REVERSAL_PENDING', timestamp, type, message: `Credit hold reversal requested${again}` },
      shipping: { status: 'RELEASE_PENDING', timestamp, type, message: `Vehicle release requested${again}` },
    };
  }
  if (status === 'completed') {
    const { release, reversal } = outcomesOf(output);
    return {
      payment: reversal && reversal.creditHoldReversed
        ? { status: 'HOLD_REVERSED', timestamp, type,
            message: `Credit hold ${reversal.creditHoldId} reversed for ${reversal.reversedAmount} ${reversal.currency} (${reversal.reversalReference})` }
        : { status: 'COMPLETED', timestamp, type, message: 'The cancellation completed' },
      shipping: release && release.released
        ? { status: 'RELEASED', timestamp, type,
            message: `Vehicle ${release.vin} (${release.allocationId}) returned to ${release.returnedToPool}` }
        : { status: 'COMPLETED', timestamp, type, message: 'The cancellation completed' },
    };
  }
  // failed: a failed execution has no output, so the status and its error say it all.
  const errorMessage = [detail.error, detail.cause].filter((s) => s != null && s !== '').join(': ') || detail.status;
  const message = `The cancellation ended ${detail.status}`;
  return {
    payment: { status: 'FAILED', timestamp, type, message, errorMessage },
    shipping: { status: 'FAILED', timestamp, type, message, errorMessage },
  };
}

function buildUpdate(state, detail, status, at, order, output, context, sourceEventId) {
  const providers = providersOf(order);
  const entries = providerEntries(status, detail, at, output);
  const history = state.history || { payment: [], shipping: [] };
  history.payment.push(entries.payment);
  history.shipping.push(entries.shipping);
  const dates = { ...(state.dates || {}) };
  dates.created = dates.created || iso(detail.startDate);
  dates.started = iso(detail.startDate);
  // A restart begins a new run: the last run's end stays in the providers' history only.
  if (status === 'restarted') { delete dates.failed; delete dates.completed; }
  dates[status] = iso(at);
  dates.updated = iso(at);

  const data = {
    id: state.id,
    orderId: order.orderId,
    orderReference: String(order.orderId).replace(/^ORD-/, ''),
    status,
    paymentProvider: { ...providers.paymentProvider, status: { current: entries.payment.status, history: history.payment } },
    shippingProvider: { ...providers.shippingProvider, status: { current: entries.shipping.status, history: history.shipping } },
    reason: { code: order.cancellationReason || 'UNSPECIFIED' },
    created: dates.created,
    updated: dates.updated,
    started: dates.started,
    restarts: Number(detail.redriveCount || 0),
    revision: state.revision + 1,
  };
  for (const key of ['restarted', 'completed', 'failed']) if (dates[key]) data[key] = dates[key];
  if (status === 'failed') data.reason.cause = entries.payment.errorMessage;
  const { reversal } = outcomesOf(output);
  if (status === 'completed' && reversal && reversal.reversalReference) {
    data.cancelledPayment = { reference: reversal.reversalReference };
  }
  return {
    detail: {
      metadata: { awsRequestId: (context && context.awsRequestId) || 'local', isTruncated: false,
                  sourceEventId, executionArn: detail.executionArn, executionStatus: detail.status },
      data,
    },
    next: { ...state, revision: data.revision, dates, history },
  };
}

// ---- PutEvents over HTTP (AWS JSON 1.1), no SDK ----

function putEvents(entries) {
  const endpoint = process.env.AWS_ENDPOINT_URL || process.env.STEPWISE_ENDPOINT_URL;
  if (!endpoint) throw new b.ConfigurationError('AWS_ENDPOINT_URL is not set (run the function under stepwise serve)');
  const url = new URL(endpoint);
  const body = Buffer.from(JSON.stringify({ Entries: entries }), 'utf8');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request({
      hostname: url.hostname,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: '/',
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSEvents.PutEvents',
        'Content-Length': body.length,
      },
      timeout: 10000,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new PublishError(`PutEvents answered HTTP ${res.statusCode}: ${text.slice(0, 500)}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch (e) {
          reject(new PublishError(`PutEvents answered with no JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new PublishError('PutEvents timed out after 10 s')));
    req.on('error', (e) => reject(e instanceof PublishError ? e : new PublishError(`PutEvents failed: ${e.message}`)));
    req.end(body);
  });
}

// ---- the handler ----

exports.handler = async (event, context) => {
  if (!event || event['detail-type'] !== STATUS_CHANGE || !event.detail) {
    console.log(`ignored: not a "${STATUS_CHANGE}" event (detail-type ${event && JSON.stringify(event['detail-type'])})`);
    return { skipped: 'not a status change event' };
  }
  const detail = event.detail;
  const status = statusOf(detail);
  if (!status) {
    console.log(`ignored: execution status ${detail.status}`);
    return { skipped: `status ${detail.status}` };
  }
  const input = parseJson(detail.input, 'the execution input') || {};
  const output = parseJson(detail.output, 'the execution output');
  // An execution started with something other than an order is not a cancellation:
  // say so and drop it (throwing would only make the bus retry it for a day).
  if (!input.orderId) {
    console.log(`ignored: ${detail.executionArn} has no orderId in its input`);
    return { skipped: 'no orderId in the execution input' };
  }
  const cancellationId = (output && output.cancellationId) || detail.executionArn;
  const file = stateFile(cancellationId);
  const step = stepOf(detail);
  const at = whenOf(detail, status);

  // The bus delivers to several workers at once, so a run's terminal event may be
  // here before its RUNNING event has been published: give that one a moment.
  const waitMs = Number(process.env.ORDER_WAIT_MS || 3000);
  const waitUntil = Date.now() + waitMs;
  while (step > 0 && Date.now() < waitUntil) {
    const seen = readState(file);
    if (seen && seen.steps && seen.steps.some((s) => s >= step - 1)) break;
    await sleep(25);
  }

  return withLock(file, async () => {
    const state = readState(file) || { id: cancellationId, revision: 0, steps: [], published: {} };
    const done = state.published[event.id];
    if (done) {
      // The bus delivered this status event again (say, our answer was lost): it is out already.
      console.log(`${cancellationId}: ${status} already published as revision ${done.revision}`);
      return { skipped: 'already published', revision: done.revision };
    }
    const { detail: updateDetail, next } = buildUpdate(JSON.parse(JSON.stringify(state)), detail, status, at, input,
                                                       output, context, event.id);
    const entry = {
      Source: process.env.EVENT_SOURCE || 'vehicle-orders.order-cancellation',
      DetailType: DETAIL_TYPE,
      Detail: JSON.stringify(updateDetail),
      Resources: [detail.executionArn],
      EventBusName: process.env.EVENT_BUS_NAME || 'default',
    };
    const result = await putEvents([entry]);
    const failed = Number(result.FailedEntryCount || 0);
    if (failed > 0) {
      const e = (result.Entries || [])[0] || {};
      throw new PublishError(`PutEvents rejected the ${status} update of ${cancellationId}: ${e.ErrorCode} ${e.ErrorMessage}`);
    }
    next.steps = [...(state.steps || []), step];
    next.published = { ...state.published, [event.id]: { revision: updateDetail.data.revision, status } };
    writeState(file, next);
    const eventId = result.Entries && result.Entries[0] && result.Entries[0].EventId;
    console.log(`${cancellationId}: ${status} revision ${updateDetail.data.revision} published as ${eventId}`);
    return result;
  });
};
