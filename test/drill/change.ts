/**
 * The drill's ONE combined change to the spec, applied to the bundled spec (JSON, which
 * is valid YAML) of a copy of the project: what a maintainer would write in
 * spec/openapi.yaml for each kind of change that issue 17 lists.
 */

/** A new optional create field with limits. */
export const NEW_FIELD = { name: 'seed', minimum: 0, maximum: 999_999 } as const;
/** A new fixed model: its own fixed values and its own reference limit. */
export const NEW_MODEL = {
  name: 'omni-4s',
  fixed: { duration: 4, resolution: '1080p' },
  maxReferences: 3,
} as const;
/** An enum value removed: `resolution: '4k'`. */
export const REMOVED_VALUE = { schema: 'VideoResolution', value: '4k' } as const;
/** A new response field of a created task. */
export const NEW_RESPONSE_FIELD = 'cost';
/** A new endpoint, with a documented example answer. */
export const NEW_ENDPOINT = {
  operationId: 'cancelVideoTask',
  path: '/api/open-api/v1/videos/{taskId}/cancel',
  answer: {
    code: '20000',
    msg: 'ok',
    data: { task_id: 'task_01JD7Z6Q2M8V4', status: 'cancelled' },
  },
} as const;

type Json = Record<string, any>;

/** Applies the change to a bundled spec, in place. */
export function applyChange(spec: Json): Json {
  const schemas = spec.components.schemas;

  // 1. A field: one property, its type and limits.
  schemas.CreateVideoRequest.properties[NEW_FIELD.name] = {
    type: 'integer',
    description: 'A seed for repeatable results.',
    minimum: NEW_FIELD.minimum,
    maximum: NEW_FIELD.maximum,
  };

  // 2. A model: its name, its declaration (x-models), and its JSON Schema rules (the
  //    fixed models' branch now covers it, with its own reference limit).
  schemas.VideoModel.enum.push(NEW_MODEL.name);
  schemas.VideoModel['x-models'][NEW_MODEL.name] = {
    'x-reference-fields': ['image_urls', 'images'],
    'x-max-references': NEW_MODEL.maxReferences,
    'x-ignored-fields': {
      'x-rule-source': 'provider',
      note: 'is always 4 s at 1080p',
      fields: NEW_MODEL.fixed,
    },
    'x-dropped-fields': {
      'x-rule-source': 'decision',
      'x-why': 'the provider documents the modes for the standard model only',
      note: 'has no generation modes',
      fields: ['generation_type'],
    },
    'x-refused-fields': {
      'x-rule-source': 'decision',
      'x-why': 'the provider documents video references for fixed models in image_urls only',
      fields: { video_urls: 'put video references in image_urls' },
    },
  };
  const request = schemas.CreateVideoRequest;
  const fixedModels = [request.if.properties.model.const, NEW_MODEL.name];
  delete request.if.properties.model.const;
  request.if.properties.model.type = 'string';
  request.if.properties.model.enum = fixedModels;
  request.then.not['x-rule-message'] =
    'a fixed model does not take video_urls (put video references in image_urls)';
  request.then.allOf = [
    {
      if: { required: ['model'], properties: { model: { const: NEW_MODEL.name } } },
      then: {
        'x-rule-message': `${NEW_MODEL.name} takes at most ${NEW_MODEL.maxReferences} references`,
        properties: {
          image_urls: { maxItems: NEW_MODEL.maxReferences },
          images: { maxItems: NEW_MODEL.maxReferences },
        },
      },
    },
  ];

  // 3. A removed value: out of the enum (and out of every example that used it).
  const resolution = schemas[REMOVED_VALUE.schema];
  resolution.enum = resolution.enum.filter((v: string) => v !== REMOVED_VALUE.value);
  const create = spec.paths['/api/open-api/v1/gemini/omni/videos'].post;
  for (const example of Object.values<Json>(
    create.requestBody.content['application/json'].examples,
  ))
    if (example.value.resolution === REMOVED_VALUE.value) delete example.value.resolution;

  // 4. A response field: the created task's price.
  schemas.VideoTaskCreated.properties[NEW_RESPONSE_FIELD] = {
    type: 'number',
    description: 'What the task costs.',
  };

  // 5. An endpoint: an operation with its parameters and a documented answer.
  spec.paths[NEW_ENDPOINT.path] = {
    post: {
      operationId: NEW_ENDPOINT.operationId,
      summary: 'Cancel a video task',
      description: 'Stops a queued or running task. Not billed.',
      parameters: [{ $ref: '#/components/parameters/TaskId' }],
      responses: {
        '200': {
          description: 'The envelope; `data` is the task after the cancellation.',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/GetVideoTaskResponse' },
              examples: { cancelled: { summary: 'Cancelled', value: NEW_ENDPOINT.answer } },
            },
          },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
      },
    },
  };
  return spec;
}
