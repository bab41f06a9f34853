/** A result (or step) of allure-results/*-result.json, as far as the tests read its attachments. */
export interface AllureNode {
  attachments?: Array<{ name: string; source: string }>;
  steps?: AllureNode[];
}

/** Every attachment of a result, its steps' included, in order. */
export const attachmentsOf = (node: AllureNode): Array<{ name: string; source: string }> => [...(node.attachments ?? []), ...(node.steps ?? []).flatMap(attachmentsOf)];
