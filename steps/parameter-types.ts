import { defineParameterType } from '@cucumber/cucumber';

defineParameterType({ name: 'transport', regexp: /UDP|TCP|TLS/, transformer: (s: string) => s.toLowerCase() });
defineParameterType({ name: 'ipVersion', regexp: /IPv4|IPv6/, transformer: (s: string) => s.slice(3) });
