/**
 * ObjectMeta validation (apimachinery's ValidateObjectMeta): name or generateName, namespace presence,
 * labels, annotations and owner references, each error naming its field.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { ObjectMeta } from '../meta.js';
import { isQualifiedName, isValidLabelValue, rememberingFrozen } from './names.js';

export type NameValidator = (name: string) => string[];

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateObjectMeta(
  meta: ObjectMeta,
  namespaced: boolean,
  validateName: NameValidator,
  path = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  if (!meta.name) {
    if (!meta.generateName) errs.push(fieldError.required(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const msg of validateName(meta.name)) errs.push(fieldError.invalid(`${path}.name`, meta.name, msg));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(fieldError.required(`${path}.namespace`));
  } else if (meta.namespace) {
    errs.push(fieldError.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  if (meta.labels) errs.push(...validateLabels(meta.labels, `${path}.labels`));
  if (meta.annotations) errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  if (meta.ownerReferences?.length) errs.push(...validateOwnerReferences(meta.ownerReferences, path));
  return errs;
}

function validateOwnerReferences(refs: NonNullable<ObjectMeta['ownerReferences']>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let controllers = 0;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (ref.controller) controllers++;
    if (ref.apiVersion && ref.kind && ref.name && ref.uid) continue;
    const p = `${path}.ownerReferences[${i}]`;
    if (!ref.apiVersion) errs.push(fieldError.invalid(`${p}.apiVersion`, ref.apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(fieldError.invalid(`${p}.kind`, ref.kind, 'kind must not be empty'));
    if (!ref.name) errs.push(fieldError.invalid(`${p}.name`, ref.name, 'name must not be empty'));
    if (!ref.uid) errs.push(fieldError.invalid(`${p}.uid`, ref.uid, 'uid must not be empty'));
  }
  if (controllers > 1) {
    errs.push(
      fieldError.invalid(
        `${path}.ownerReferences`,
        refs,
        `Only one reference can have Controller set to true. Found "true" in references for ${refs
          .filter((r) => r.controller)
          .map((r) => `${r.kind}/${r.name}`)
          .join(' and ')}`,
      ),
    );
  }
  return errs;
}

export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  return labels ? labelProblems(labels, path) : [];
}

/** A frozen label set (a template's, carried by every pod of its ReplicaSet) is checked once. */
const labelProblems = rememberingFrozen((labels: Record<string, string>, path: string): FieldError[] => {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) errs.push(fieldError.invalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.push(fieldError.invalid(`${path}[${k}]`, v, msg));
  }
  return errs;
});

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldError.invalid(path, k, msg));
    size += k.length + v.length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push(fieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  }
  return errs;
}
