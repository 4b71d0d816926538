// NotifyCustomer: tell the customer, on their preferred channel, that the
// order was cancelled. The message goes to a local outbox file (one JSON
// object per line) named by NOTIFICATIONS_OUTBOX, default ./outbox/notifications.jsonl.
'use strict';

const b = require('../lib/business');

const TEMPLATES = { ORDER_CANCELLED: 'order-cancelled-v3' };

exports.handler = async (event) => {
  const reason = b.requireField(event, 'notificationReason', 'NotifyCustomer input');
  const order = b.requireField(event, 'order', 'NotifyCustomer input');
  const orderId = b.requireField(order, 'orderId', 'NotifyCustomer input.order');
  const customer = b.requireField(order, 'customer', 'NotifyCustomer input.order');
  const templateId = TEMPLATES[reason];
  if (!templateId) throw new b.ValidationError(`No notification template for ${reason}`);

  const channel = customer.preferredContact === 'SMS' ? 'SMS' : 'EMAIL';
  const recipient = channel === 'SMS' ? customer.phone : customer.email;
  if (!recipient) throw new b.InvalidRecipientError(`Customer ${order.customerId} has no ${channel === 'SMS' ? 'phone' : 'email'}`);

  const sentAt = b.isoSeconds(b.now());
  const notificationId = `NTF-${b.shortHash(`${orderId}:${reason}`, 8)}`;
  const refund = order.cancellation && order.cancellation.Payload && order.cancellation.Payload.refund;
  const body = `Hello ${customer.firstName}, your order ${orderId} (${order.modelCode}, ${order.color}) has been cancelled.` +
    (refund ? ` ${refund.amount} ${refund.currency} will be refunded by ${refund.expectedBy}.` : '');
  const outbox = process.env.NOTIFICATIONS_OUTBOX || './outbox/notifications.jsonl';
  b.appendJsonLine(outbox, { notificationId, orderId, channel, recipient, templateId, body, sentAt });
  console.log(`${channel} to ${recipient}: ${body}`);
  return { notificationId, orderId, channel, recipient, templateId, status: 'SENT', sentAt };
};
