// How kubectl words failures: the server form, the client form, and checkErr's form for Invalid.
import { describe, expect, it } from 'vitest';
import { invalidError, notFound } from '../../src/api/errors.js';
import { errorText, clientError } from '../../src/kubectl/errors.js';

describe('errorText', () => {
  it.each([
    { name: 'a server error keeps its reason', e: notFound('pods', 'web'), want: 'Error from server (NotFound): pods "web" not found' },
    { name: 'a client error', e: clientError('at least one label update is required'), want: 'error: at least one label update is required' },
    {
      name: 'Invalid with one cause: on one line, without "Error from server"',
      e: invalidError('Deployment.apps', 'api', [{ type: 'Invalid', field: 'spec.replicas', badValue: -1, detail: 'must be greater than or equal to 0' }]),
      want: 'The Deployment "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    },
    {
      name: 'Invalid with several causes: one "* field: message" line each',
      e: invalidError('Pod', 'web', [
        { type: 'Required', field: 'spec.containers[0].image' },
        { type: 'Invalid', field: 'metadata.name', badValue: 'Web', detail: 'bad' },
      ]),
      want: 'The Pod "web" is invalid: \n* spec.containers[0].image: Required value\n* metadata.name: Invalid value: "Web": bad',
    },
  ])('$name', ({ e, want }) => {
    expect(errorText(e)).toBe(want);
  });
});
