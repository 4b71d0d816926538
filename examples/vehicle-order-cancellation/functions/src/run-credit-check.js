// RunCreditCheck: reverse the credit hold placed for the vehicle's price when
// the order was financed.
'use strict';

const b = require('../lib/business');

exports.handler = async (event) => {
  const orderId = b.requireField(event, 'orderId', 'RunCreditCheck input');
  const customerId = b.requireField(event, 'customerId', 'RunCreditCheck input');
  const amount = Number(b.requireField(event, 'vehiclePrice', 'RunCreditCheck input'));
  if (!(amount > 0)) throw new b.ValidationError(`vehiclePrice must be positive, got ${event.vehiclePrice}`);
  const hold = b.loadData('credit-holds.json')[customerId];
  if (!hold) throw new b.CreditHoldNotFoundError(`No credit hold for customer ${customerId}`);
  const reference = `CRV-${b.isoDay(b.now())}-${orderId.slice(-6)}`;
  console.log(`reversing ${hold.creditHoldId} at ${hold.bureau} for ${amount} ${hold.currency}`);
  return {
    creditHoldReversed: true,
    orderId,
    customerId,
    creditHoldId: hold.creditHoldId,
    bureau: hold.bureau,
    reversedAmount: amount,
    currency: hold.currency,
    reversalReference: reference,
  };
};
