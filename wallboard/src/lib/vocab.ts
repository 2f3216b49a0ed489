/** vocab: the server's own lists of media and seat types, so the screens never drift from the contract. */
export { MEDIA, SEAT_TYPES } from '../../../server/stages/ingest/contract.js';
export type { Media, SeatType } from '../../../server/stages/ingest/contract.js';
