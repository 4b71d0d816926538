// CancelOrder: record the outcome of a cancellation request. With reason
// CANCELLATION_INELIGIBLE it files a rejection case; otherwise it cancels the
// order and schedules the refund of the deposit minus any cancellation fee.
// Records are appended to CANCELLATIONS_FILE (default ./outbox/cancellations.jsonl).
'use strict';

const b = require('../lib/business');

const REFUND_DAYS = 7;

exports.handler = async (event) => {
  const reason = b.requireField(event, 'reason', 'CancelOrder input');
  const order = b.requireField(event, 'order', 'CancelOrder input');
  const orderId = b.requireField(order, 'orderId', 'CancelOrder input.order');
  const at = b.now();
  const file = process.env.CANCELLATIONS_FILE || './outbox/cancellations.jsonl';

  if (reason === 'CANCELLATION_INELIGIBLE') {
    const caseId = `CASE-${at.getUTCFullYear()}-${String(parseInt(b.shortHash(orderId, 8), 16) % 100000).padStart(5, '0')}`;
    const record = { orderId, status: 'CANCELLATION_REJECTED', reason, caseId, recordedAt: b.isoSeconds(at) };
    b.appendJsonLine(file, record);
    console.log(`rejected cancellation of ${orderId}: case ${caseId}`);
    return record;
  }

  const validation = order.validation && order.validation.Payload;
  if (!validation || validation.isValid !== true) {
    throw new b.ValidationError(`Order ${orderId} has not passed validation; refusing to cancel`);
  }
  const refundAmount = Math.max(0, (validation.refundableDeposit || 0) - (validation.cancellationFee || 0));
  const record = {
    orderId,
    status: 'CANCELLED',
    cancellationReference: `CXL-${at.getUTCFullYear()}-${orderId.slice(-6)}`,
    refund: {
      amount: refundAmount,
      currency: 'USD',
      method: 'ORIGINAL_PAYMENT',
      expectedBy: b.isoDay(b.addDays(at, REFUND_DAYS)),
    },
    cancelledAt: b.isoSeconds(at),
  };
  b.appendJsonLine(file, { ...record, reason });
  console.log(`cancelled ${orderId} (${reason}); refund ${refundAmount} USD`);
  return record;
};
