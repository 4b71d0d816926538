// CheckInventory: release the vehicle allocated to a cancelled order back to
// its region's pool. An allocation locked by production scheduling cannot be
// released (InventoryLockedError, which the workflow's Retry does not cover).
'use strict';

const b = require('../lib/business');

exports.handler = async (event) => {
  const orderId = b.requireField(event, 'orderId', 'CheckInventory input');
  const dealerId = b.requireField(event, 'dealerId', 'CheckInventory input');
  const allocation = b.loadData('allocations.json')[orderId];
  if (!allocation) throw new b.OrderNotFoundError(`No vehicle is allocated to order ${orderId}`);
  if (allocation.lockedBy) {
    throw new b.InventoryLockedError(`Allocation ${allocation.allocationId} is locked by ${allocation.lockedBy}`);
  }
  // DLR-CO-0147: the dealer's state picks the regional pool.
  const state = String(dealerId).split('-')[1];
  const pool = b.loadData('regions.json')[state] || 'NATIONAL';
  console.log(`releasing ${allocation.vin} (${allocation.allocationId}) to ${pool}`);
  return {
    released: true,
    orderId,
    allocationId: allocation.allocationId,
    vin: allocation.vin,
    dealerId,
    returnedToPool: pool,
    releasedAt: b.isoSeconds(b.now()),
  };
};
