/**
 * media: the channels a queue serves (a queue's `media` in the config, an event's in the ingest contract). Free of
 * imports, so the wallboard shares it without the config's schemas (and zod) in its bundle.
 */
export const MEDIA = ['voice', 'chat', 'email', 'sms', 'video', 'social'] as const;
export type Media = (typeof MEDIA)[number];
