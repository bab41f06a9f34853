import { defineParameterType } from '@cucumber/cucumber';

defineParameterType({ name: 'transport', regexp: /UDP|TCP/, transformer: (s: string) => s.toLowerCase() });
