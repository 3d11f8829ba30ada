import { createProject, type Project, type ProjectOptions } from './project.js'
import { loadTemplates, type Templates } from './load-templates.js'

/** A project and the templates it renders with: what every command starts from. */
export interface Workspace {
  project: Project
  templates: Templates
}

export async function loadWorkspace(root: string, cwd: string = process.cwd(), options: ProjectOptions = {}): Promise<Workspace> {
  const project = createProject(root, cwd, options)
  return { project, templates: await loadTemplates(project) }
}
