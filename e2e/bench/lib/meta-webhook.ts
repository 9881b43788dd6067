/** A `calls` change as Meta posts it to the bench number, signed with the bench's app secret. */
import { createHmac } from 'node:crypto';
import { toMetaJson } from '../../../src/shared/meta-api.ts';
import { appSecret, benchNumber } from './instances.ts';

export interface Delivery { body: Buffer; signature: string }

export function signedCallsChange(value: Record<string, unknown>): Delivery {
  const body = Buffer.from(toMetaJson({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'calls', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: benchNumber.display, phone_number_id: benchNumber.id }, ...value } }] }] }));
  return { body, signature: `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}` };
}
