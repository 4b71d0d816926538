// ValidateOrder: may this order still be cancelled?
// Eligible when the vehicle has not shipped, the cancellation window
// (CANCELLATION_WINDOW_DAYS after the order date, to the end of that day) is
// still open, and no dispute is open on the order.
'use strict';

const b = require('../lib/business');

const SHIPPED = new Set(['SHIPPED', 'IN_TRANSIT', 'DELIVERED']);
const REASONS = {
  DELIVERED: ['VEHICLE_ALREADY_DELIVERED', (o) =>
    `Order was delivered on ${o.deliveredOn}; cancellation is no longer possible, a return request is required instead.`],
  SHIPPED: ['VEHICLE_ALREADY_SHIPPED', () => 'The vehicle has left the factory; cancellation is no longer possible.'],
  WINDOW: ['CANCELLATION_WINDOW_CLOSED', (o, end) => `The cancellation window closed at ${end}.`],
  DISPUTE: ['OPEN_DISPUTE', () => 'A dispute is open on this order; resolve it before cancelling.'],
};

exports.handler = async (event) => {
  const orderId = b.requireField(event, 'orderId', 'ValidateOrder input');
  const orderDate = new Date(b.requireField(event, 'orderDate', 'ValidateOrder input'));
  if (Number.isNaN(orderDate.getTime())) throw new b.ValidationError(`orderDate is not a date: ${event.orderDate}`);
  const order = b.loadData('orders.json')[orderId];
  if (!order) throw new b.OrderNotFoundError(`Order ${orderId} does not exist`);

  const windowDays = Number(process.env.CANCELLATION_WINDOW_DAYS || 44);
  const windowEndsAt = b.endOfDay(b.addDays(orderDate, windowDays));
  const checks = {
    notYetShipped: !SHIPPED.has(order.status),
    withinCancellationWindow: b.now() <= windowEndsAt,
    noOpenDisputes: (order.openDisputes || 0) === 0,
    financeContractSigned: Boolean(order.financeContractSigned),
  };
  const isValid = checks.notYetShipped && checks.withinCancellationWindow && checks.noOpenDisputes;
  console.log(`order ${orderId} is ${order.status}; checks ${JSON.stringify(checks)}`);

  if (isValid) {
    return {
      isValid: true,
      orderId,
      orderStatus: order.status,
      productionStage: order.productionStage,
      cancellationWindowEndsAt: b.isoSeconds(windowEndsAt),
      refundableDeposit: order.refundableDeposit,
      // Once finance has signed, unwinding the contract costs a fee.
      cancellationFee: checks.financeContractSigned ? Number(process.env.FINANCE_UNWIND_FEE || 250) : 0,
      checks,
    };
  }
  const key = order.status === 'DELIVERED' ? 'DELIVERED'
    : !checks.notYetShipped ? 'SHIPPED'
    : !checks.withinCancellationWindow ? 'WINDOW' : 'DISPUTE';
  const [reasonCode, message] = REASONS[key];
  return {
    isValid: false,
    orderId,
    orderStatus: order.status,
    reasonCode,
    message: message(order, b.isoSeconds(windowEndsAt)),
    checks,
  };
};
