import { z } from 'zod';

// Zod probes `new Function('')` to decide whether it may compile faster parsers. The site's
// Content-Security-Policy forbids generated code, so the probe is reported as a violation in
// every island that parses. Parse without generated code; every schema module imports this first.
z.config({ jitless: true });
